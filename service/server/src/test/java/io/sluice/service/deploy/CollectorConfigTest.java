package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CollectorConfigTest {

    /** The largest value of a standard-tier SSM parameter, which carries the config to the ECS sidecar. */
    private static final long SSM_STANDARD_PARAMETER_BYTES = 4096;

    private final Tree config = CollectorConfig.config();

    @Test
    void tracesGoToXrayAndMetricsToCloudWatchEmfFromTheOtlpReceiver() {
        Tree pipelines = config.at("service", "pipelines");

        assertThat(pipelines.at("traces", "receivers").strings()).containsExactly("otlp");
        assertThat(pipelines.at("traces", "exporters").strings()).containsExactly("awsxray");
        assertThat(pipelines.at("metrics", "receivers").strings()).containsExactly("otlp");
        assertThat(pipelines.at("metrics", "exporters").strings()).containsExactly("awsemf");
    }

    @Test
    void everyComponentAPipelineNamesIsConfigured() {
        config.at("service", "pipelines").entries().forEach((pipeline, spec) -> {
            for (String section : new String[] {"receivers", "processors", "exporters"}) {
                assertThat(spec.get(section).strings()).as("%s %s", pipeline, section)
                        .allMatch(component -> config.get(section).entries().containsKey(component));
            }
        });
        assertThat(config.at("service", "extensions").strings())
                .allMatch(extension -> config.get("extensions").entries().containsKey(extension));
    }

    @Test
    void receivesOtlpOnTheStandardPorts() {
        assertThat(CollectorConfig.otlpPort("grpc")).isEqualTo(4317);
        assertThat(CollectorConfig.otlpPort("http")).isEqualTo(4318);
    }

    @Test
    void fitsInAStandardSsmParameter() throws Exception {
        assertThat(Files.size(DeploymentFiles.ROOT.resolve(CollectorConfig.FILE)))
                .isLessThanOrEqualTo(SSM_STANDARD_PARAMETER_BYTES);
    }
}
