package io.sluice.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.compat.thrift.OnErrorPolicy;
import io.sluice.features.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    private static Settings defaults() {
        return Settings.load(null, Map.of());
    }

    @Test
    void defaultsParseIntoAWholeConfig() {
        SluiceConfig config = SluiceConfig.from(defaults());

        assertThat(config.grpc().port()).isEqualTo(50051);
        assertThat(config.thrift().port()).isEqualTo(9090);
        assertThat(config.thrift().requestBudget()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.grpc().maxInboundMessageBytes()).isEqualTo(1 << 20);
        assertThat(config.model().location()).isEqualTo(ModelConfig.BUNDLED);
        assertThat(config.limits().maxSegments()).isEqualTo(FeatureExtractor.MAX_SEGMENTS);
    }

    @Test
    void environmentOverridesTheFileWhichOverridesDefaults() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "grpc.port=6000\nthrift.port=6001\n");

        SluiceConfig config = SluiceConfig.from(Settings.load(file, Map.of("SLUICE_GRPC_PORT", "7000")));

        assertThat(config.grpc().port()).isEqualTo(7000);
        assertThat(config.thrift().port()).isEqualTo(6001);
    }

    @Test
    void misspelledKeyInFileIsRejectedNamingItTheFileAndTheClosestKey() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "grpc.prot=6000\n");

        assertThatThrownBy(() -> SluiceConfig.from(Settings.load(file, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'grpc.prot' (from " + file + "); did you mean grpc.port?");
    }

    @Test
    void unknownSluiceEnvironmentVariableIsAnErrorSuggestingTheClosestKnownOne() {
        Settings settings = Settings.load(null, Map.of("SLUICE_GRPC_PROT", "6000"));

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown environment variable SLUICE_GRPC_PROT; did you mean SLUICE_GRPC_PORT?");
    }

    @Test
    void unknownVariableFarFromEveryKeyPointsAtTheListOfSettings() {
        Settings settings = Settings.load(null, Map.of("SLUICE_COLOUR_SCHEME", "dark"));

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .hasMessage("unknown environment variable SLUICE_COLOUR_SCHEME; `sluice serve --print-defaults` "
                        + "lists every setting");
    }

    @Test
    void launcherOptionsStandardOpenTelemetryAndOtherVariablesAreNotMistakenForSettings() {
        SluiceConfig config = SluiceConfig.from(Settings.load(null, Map.of("SLUICE_JAVA_OPTS", "-Xmx1g",
                "OTEL_SERVICE_NAME", "sluice-canary", "PATH", "/usr/bin", "SLUICE", "x")));

        assertThat(config.telemetry().serviceName()).isEqualTo("sluice-canary");
    }

    @Test
    void badValueNamesTheKeyAndWhereItCameFrom() {
        Settings settings = Settings.load(null, Map.of("SLUICE_THRIFT_IDLE_TIMEOUT", "soon"));

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("thrift.idle-timeout must be a duration")
                .hasMessageContaining("got 'soon' (from environment SLUICE_THRIFT_IDLE_TIMEOUT)");
    }

    @Test
    void onErrorPolicyIsExceptionUnlessALikelihoodFromZeroToOneIsChosen() {
        assertThat(SluiceConfig.from(defaults()).thrift().onError()).isEqualTo(OnErrorPolicy.EXCEPTION);
        assertThat(SluiceConfig.from(defaults().with("thrift.on-error", "likelihood:1.0", "--set")).thrift()
                .onError().likelihood()).hasValue(1.0);

        assertThatThrownBy(() -> SluiceConfig.from(defaults().with("thrift.on-error", "likelihood:2", "--set")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("thrift.on-error must be exception, or likelihood:<v> with v from 0 to 1 (e.g. "
                        + "likelihood:1.0), got 'likelihood:2' (from --set)");
    }

    @Test
    void everyProblemFromEverySourceIsReportedAtOnceOnePerLine() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "grpc.prot=6000\nthrift.max-connections=0\n");
        Settings settings = Settings.load(file, Map.of("SLUICE_GRPC_PORT", "70000", "SLUICE_MODLE_LOCATION", "x"))
                .with("thrift.request-budget", "fast", "--set")
                .with("model.inferrence", "dl4j", "--set");

        ConfigException e = catchThrowableOfType(() -> SluiceConfig.from(settings), ConfigException.class);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "unknown setting 'grpc.prot' (from " + file + "); did you mean grpc.port?",
                "unknown environment variable SLUICE_MODLE_LOCATION; did you mean SLUICE_MODEL_LOCATION?",
                "unknown setting 'model.inferrence' (from --set); did you mean model.inference?",
                "grpc.port must be a port number from 0 to 65535, got '70000' (from environment SLUICE_GRPC_PORT)",
                "thrift.max-connections must be a number of connections from 1 to 4096, got '0' (from " + file + ")",
                "thrift.request-budget must be a duration such as 250ms, 10s, 5m or PT10S, got 'fast' (from --set)");
        assertThat(e.getMessage().lines()).hasSize(1 + 6).first().isEqualTo("6 configuration problems:");
    }

    @Test
    void negativeLimitsAreRefusedNamingEachKey() {
        Settings settings = defaults().with("limits.max-partners", "-1", "test")
                .with("limits.max-batch-requests", "-5", "test").with("limits.max-segments", "-1", "test");

        ConfigException e = catchThrowableOfType(() -> SluiceConfig.from(settings), ConfigException.class);

        assertThat(e.problems()).containsExactly(
                "limits.max-partners must be a number of partners, at least 1, got '-1' (from test)",
                "limits.max-segments must be a number of segments from 0 to 64, got '-1' (from test)",
                "limits.max-batch-requests must be a number of requests, at least 1, got '-5' (from test)");
    }

    @Test
    void segmentLimitAboveWhatTheFeatureExtractorReadsIsRefusedNamingTheKey() {
        int extractorLimit = FeatureExtractor.MAX_SEGMENTS;
        Settings above = defaults().with("limits.max-segments", String.valueOf(extractorLimit + 1), "--set");

        assertThatThrownBy(() -> SluiceConfig.from(above))
                .isInstanceOf(ConfigException.class)
                .hasMessage("limits.max-segments must be a number of segments from 0 to " + extractorLimit + ", got '"
                        + (extractorLimit + 1) + "' (from --set)");
        assertThat(SluiceConfig.from(defaults().with("limits.max-segments", String.valueOf(extractorLimit), "--set"))
                .limits().maxSegments()).isEqualTo(extractorLimit);
    }

    @Test
    void settingsThatMustBeSetTogetherAreReportedWithTheOtherProblems() {
        Settings settings = defaults().with("grpc.tls.cert-chain-file", "/etc/sluice/chain.pem", "--set")
                .with("model-admin.enabled", "true", "--set")
                .with("admin.port", "-1", "--set");

        ConfigException e = catchThrowableOfType(() -> SluiceConfig.from(settings), ConfigException.class);

        assertThat(e.problems()).containsExactly(
                "admin.port must be a port number from 0 to 65535, got '-1' (from --set)",
                "grpc.tls.cert-chain-file and grpc.tls.private-key-file must be set together, got "
                        + "'/etc/sluice/chain.pem' (from --set) and '' (from default)",
                "model-admin.enabled=true needs model-admin.token-file (the admin API is never served without "
                        + "authentication)");
    }

    @Test
    void streamResetWindowInFractionsOfASecondIsRefusedBecauseHttp2CountsWholeSeconds() {
        Settings settings = defaults().with("grpc.stream-reset-window", "1500ms", "--set");

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessage("grpc.stream-reset-window: must be whole seconds (HTTP/2 resets are counted per second), "
                        + "got '1500ms' (from --set)");
    }

    @Test
    void durationsAndSizesAcceptUnitsAndIsoAndPrintInTheirUnit() {
        Settings settings = defaults()
                .with("grpc.shutdown-grace", "PT2S", "test")
                .with("thrift.max-message-size", "2MiB", "test")
                .with("thrift.max-string-size", "65536", "test")
                .with("grpc.max-connection-age", "90s", "test");

        SluiceConfig config = SluiceConfig.from(settings);

        assertThat(config.grpc().shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.thrift().maxMessageBytes()).isEqualTo(2 << 20);
        assertThat(config.thrift().maxStringBytes()).isEqualTo(65536);
        assertThat(config.thrift().requestBudget()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.describe()).contains("grpc.shutdown-grace=2s  (test)\n",
                "thrift.max-message-size=2MiB  (test)\n", "thrift.max-string-size=64KiB  (test)\n",
                "grpc.max-connection-age=90s  (test)\n", "thrift.request-budget=50ms  (default)\n",
                "grpc.port=50051  (default)\n");
    }

    @Test
    void sizeAboveWhatAProtocolLimitCanHoldIsRefused() {
        Settings settings = defaults().with("grpc.max-inbound-message-size", "2GiB", "test");

        assertThatThrownBy(() -> SluiceConfig.from(settings))
                .hasMessage("grpc.max-inbound-message-size must be a size such as 64KiB or 1MiB, from 1B to 1GiB, "
                        + "got '2GiB' (from test)");
    }

    @Test
    void printedDefaultsDeclareEveryKeyOnceAndParseBackToTheDefaultConfig() throws Exception {
        String document = SettingsCatalog.defaultsDocument();
        Path file = dir.resolve("defaults.properties");
        Files.writeString(file, document);

        Settings fromFile = Settings.load(file, Map.of());

        for (Setting<?> setting : SettingsCatalog.all()) {
            assertThat(document.lines().filter(line -> line.startsWith(setting.key() + "=")))
                    .as(setting.key()).hasSize(1);
            assertThat(fromFile.describe()).contains(setting.key() + "=" + setting.defaultText() + "  (" + file + ")");
        }
        assertThat(SluiceConfig.from(fromFile)).isEqualTo(SluiceConfig.from(defaults()));
    }

    @Test
    void printedDefaultsSayWhatEachSettingAcceptsAndItsVariable() {
        assertThat(SettingsCatalog.defaultsDocument()).contains("""
                # Port of the gRPC endpoint; 0 = any free port.
                # Accepts a port number from 0 to 65535. Environment: SLUICE_GRPC_PORT.
                grpc.port=50051
                """, """
                # Accepts an http(s) URL such as http://localhost:4318. Environment: SLUICE_OTEL_EXPORTER_OTLP_ENDPOINT (or
                # OTEL_EXPORTER_OTLP_ENDPOINT).
                otel.exporter.otlp.endpoint=http://localhost:4318
                """);
    }
    @Test
    void perPartnerSettingsComeFromTheFileTheEnvironmentAndSetAndPrintWithTheirSources() throws Exception {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "shaping.partner-qps-cap.1458=500\nshaping.partner-qps-cap.dsp-a.eu=2.5e3\n");
        Settings settings = Settings.load(file, Map.of("SLUICE_SHAPING_EXPLORATION_RATE_3358", "0.05",
                        "SLUICE_SHAPING_FLEET_REPLICAS", "4"))
                .with("shaping.target-recall.2259", "0.99", "--set")
                .with("shaping.target-recall", "0.95", "--set");

        SluiceConfig config = SluiceConfig.from(settings);

        assertThat(config.shaping().settings().partnerQpsCaps()).containsExactlyInAnyOrderEntriesOf(
                Map.of("1458", 500.0, "dsp-a.eu", 2500.0));
        assertThat(config.shaping().settings().replicaQpsCap("1458")).isEqualTo(125.0);
        assertThat(config.shaping().settings().explorationRate("3358")).isEqualTo(0.05);
        assertThat(config.shaping().settings().explorationRate("1458")).isEqualTo(0.01);
        assertThat(config.model().serving().recallTarget().of("2259")).hasValue(0.99);
        assertThat(config.model().serving().recallTarget().of("1458")).hasValue(0.95);
        assertThat(settings.describe()).contains(
                "shaping.exploration-rate=0.01  (default)\n"
                        + "shaping.exploration-rate.3358=0.05  (environment SLUICE_SHAPING_EXPLORATION_RATE_3358)\n",
                "shaping.target-recall=0.95  (--set)\nshaping.target-recall.2259=0.99  (--set)\n",
                "shaping.partner-qps-cap.1458=500  (" + file + ")\n",
                "shaping.partner-qps-cap.dsp-a.eu=2500  (" + file + ")\n");
    }

    @Test
    void aRefusedPerPartnerValueNamesItsKeyAndWhereItCameFrom() {
        Settings settings = defaults().with("shaping.partner-qps-cap.1458", "-3", "--set")
                .with("shaping.target-recall", "0", "--set")
                .with("shaping.exploration-rate.3358", "lots", "--set");

        ConfigException e = catchThrowableOfType(() -> SluiceConfig.from(settings), ConfigException.class);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "shaping.target-recall must be empty (the model's default thresholds) or a number above 0 and at "
                        + "most 1, got '0' (from --set)",
                "shaping.exploration-rate.3358 must be a number from 0 to 1, got 'lots' (from --set)",
                "shaping.partner-qps-cap.1458 must be a number of requests per second, above 0, got '-3' (from "
                        + "--set)");
    }

    @Test
    void withoutShapingSettingsOnlyTheDefaultExplorationApplies() {
        SluiceConfig config = SluiceConfig.from(defaults());

        assertThat(config.shaping().settings().explorationRate("any")).isEqualTo(0.01);
        assertThat(config.shaping().settings().partnerQpsCaps()).isEmpty();
        assertThat(config.model().serving().recallTarget().isSet()).isFalse();
    }

    @Test
    void printedDefaultsDocumentEachPerPartnerFamilyAsAComment() {
        assertThat(SettingsCatalog.defaultsDocument()).contains("""
                # Accepts a number of requests per second, above 0. Environment: SLUICE_SHAPING_PARTNER_QPS_CAP_<partner> with the
                # partner as written (names with other characters than letters, digits and '_' only in a file or with --set). Not set
                # by default; for example:
                # shaping.partner-qps-cap.<partner>=
                """);
        assertThat(SettingsCatalog.families()).extracting(SettingFamily::pattern).containsExactly(
                "shaping.exploration-rate.<partner>", "shaping.target-recall.<partner>",
                "shaping.partner-qps-cap.<partner>");
    }
}
