package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.Scorer;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TApplicationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The endpoint (on this build's libthrift) called by the legacy client on the libthrift the deployed clients run,
 * 0.15.0: the client runs in a child JVM whose class path Maven resolved (the {@code sluice-legacy-client} module,
 * compiled against 0.15.0, and the 0.15.0 jar), so the two libthrift versions never share a class loader.
 */
class LegacyLibthriftClientTest {

    private static final String CLIENT = "io.sluice.legacyclient.LegacyClient";
    /** The device category reaches scoring as device.ua_category, numbered deviceTypeId + 1: tenths tell them apart. */
    private static final Scorer DEVICE_AS_LIKELIHOOD = (request, deadline) -> ScoreResponse.newBuilder()
            .addScores(PartnerScore.newBuilder()
                    .setLikelihood(request.getBidRequest().getDevice().getUaCategoryValue() / 10.0))
            .build();

    @TempDir
    Path dir;
    private LegacyThriftServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LegacyThriftServer(LegacyWire.config(2, Duration.ofSeconds(30), Duration.ofSeconds(2)),
                new LegacyFilterHandler(DEVICE_AS_LIKELIHOOD, new LegacyRequestMapper(0), Duration.ofSeconds(30)));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void clientOnLibthrift015GetsLikelihoodsByDeviceTypeIdAndARefusalItCanReadOnAConnectionThatStaysUsable()
            throws Exception {
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs()) {
            lines = runLegacyClient();
            // libthrift logs each refusal it sends (the server's logback configuration silences that logger).
            assertThat(logs.atLeast(Level.WARN)).singleElement().asString()
                    .startsWith("ERROR org.apache.thrift.ProcessFunction");
        }

        assertThat(lines).containsExactly(
                "libthrift " + System.getProperty("legacy.libthrift.version"),
                "deviceTypeId 0 likelihood 0.1",
                "deviceTypeId 1 likelihood 0.2",
                "deviceTypeId 2 likelihood 0.3",
                "deviceTypeId 3 likelihood 0.4",
                "deviceTypeId 4 likelihood 0.5",
                "deviceTypeId 5 likelihood 0.6",
                "deviceTypeId 6 likelihood 0.7",
                "exception " + TApplicationException.UNKNOWN
                        + " INVALID_ARGUMENT: advertiserId: required (it names the partner to score)",
                "afterwards likelihood 0.4");
    }

    private List<String> runLegacyClient() throws Exception {
        String classPath = String.join(File.pathSeparator, locationOf(CLIENT), locationOf(BidRequest.class.getName()),
                locationOf(LoggerFactory.class.getName()), System.getProperty("legacy.libthrift.jar"));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, CLIENT, "127.0.0.1", String.valueOf(server.port()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("the legacy client did not finish within 60 s");
        }
        assertThat(client.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    /** The class-path entry (jar or classes folder) holding {@code className}, found without loading the class. */
    private static String locationOf(String className) throws URISyntaxException {
        String resource = className.replace('.', '/') + ".class";
        String url = LegacyLibthriftClientTest.class.getClassLoader().getResource(resource).toString();
        String entry = url.startsWith("jar:") ? url.substring("jar:".length(), url.indexOf("!/"))
                : url.substring(0, url.length() - resource.length());
        return Path.of(new java.net.URI(entry)).toString();
    }
}
