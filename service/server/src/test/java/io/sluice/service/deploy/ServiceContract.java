package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.config.Settings;
import io.sluice.service.config.SettingsCatalog;
import io.sluice.service.config.SluiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the Sluice container really reads and serves, for comparison with the deployment manifests. */
final class ServiceContract {

    /** Variables the Sluice container reads that are not Sluice settings, and who reads them. */
    static final Map<String, String> OTHER_VARIABLES = Map.of(
            "OMP_NUM_THREADS", "ND4J's OpenMP runtime",
            "JAVA_TOOL_OPTIONS", "the JVM",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "the OpenTelemetry exporter");

    /**
     * What {@code SluiceServer.stop()} may take beyond the two configured drains: 1 s past the Thrift drain, then up
     * to 5 s for cancelled gRPC calls and 5 s for the worker pool.
     */
    static final Duration FORCED_STOP = Duration.ofSeconds(11);

    private static final String NATIVE_CACHE_PROPERTY = "-Dorg.bytedeco.javacpp.cachedir=";

    /** Each setting's SLUICE_* variable, and the standard variables some settings also read (OTEL_SERVICE_NAME). */
    private static final Set<String> SETTING_VARIABLES = SettingsCatalog.all().stream()
            .flatMap(setting -> Stream.concat(Stream.of(setting.environmentVariable()),
                    setting.standardVariable().stream()))
            .collect(Collectors.toSet());

    private ServiceContract() {
    }

    /** Fails unless every variable is a Sluice setting or one {@link #OTHER_VARIABLES} names. */
    static void assertReadsEvery(Map<String, String> environment, String where) {
        assertThat(environment.keySet())
                .as("environment variables of %s: each must be a Sluice setting (SLUICE_ + a key of "
                        + "SettingsCatalog, see sluice serve --print-defaults) or one of %s", where, OTHER_VARIABLES.keySet())
                .allMatch(name -> SETTING_VARIABLES.contains(name) || OTHER_VARIABLES.containsKey(name));
    }

    /** The configuration the service builds from {@code environment}; fails like start-up would on a bad value. */
    static SluiceConfig configFor(Map<String, String> environment) {
        return SluiceConfig.from(Settings.load(null, environment));
    }

    /** The longest a stop can take: both drains plus the forced stop. */
    static Duration worstCaseStop(SluiceConfig config) {
        return config.grpc().shutdownGrace().plus(config.thrift().drainTimeout()).plus(FORCED_STOP);
    }

    /** The arguments the Sluice main class receives from a command line {@code ... java ... -jar JAR arguments...}. */
    static List<String> jarArguments(List<String> command) {
        int jar = command.indexOf("-jar");
        assertThat(command).as("command line").contains("java");
        assertThat(jar).as("-jar in %s", command).isBetween(command.indexOf("java") + 1, command.size() - 2);
        return command.subList(jar + 2, command.size());
    }

    /** The jar of a command line {@code ... java ... -jar JAR arguments...}. */
    static String jar(List<String> command) {
        return command.get(command.indexOf("-jar") + 1);
    }

    /** The {@code host:port} of a {@code sluice health} command line's {@code --target}. */
    static String healthTarget(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("--target") && i + 1 < arguments.size()) {
                return arguments.get(i + 1);
            }
            if (arguments.get(i).startsWith("--target=")) {
                return arguments.get(i).substring("--target=".length());
            }
        }
        throw new AssertionError("no --target in " + arguments);
    }

    /** The same {@code sluice health} command line aimed at {@code port} on loopback. */
    static List<String> aimedAt(List<String> arguments, int port) {
        String target = healthTarget(arguments);
        return arguments.stream().map(argument -> argument.replace(target, "127.0.0.1:" + port)).toList();
    }

    /** The directory ND4J unpacks its native libraries into, as the JVM options in {@code environment} set it. */
    static String nativeLibraryCache(Map<String, String> environment) {
        for (String option : environment.getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+")) {
            if (option.startsWith(NATIVE_CACHE_PROPERTY)) {
                return option.substring(NATIVE_CACHE_PROPERTY.length());
            }
        }
        throw new AssertionError("JAVA_TOOL_OPTIONS sets no " + NATIVE_CACHE_PROPERTY + ": the cache would be "
                + "under the home directory, on the read-only root filesystem");
    }
}
