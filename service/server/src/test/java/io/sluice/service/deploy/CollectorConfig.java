package io.sluice.service.deploy;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared OpenTelemetry Collector configuration, k8s-or-ecs/collector/otel-collector-config.yaml. */
final class CollectorConfig {

    static final String FILE = "collector/otel-collector-config.yaml";
    /** Read by the awsxray and awsemf exporters themselves, not through the config. */
    static final String REGION_VARIABLE = "AWS_REGION";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private CollectorConfig() {
    }

    static Tree config() {
        return DeploymentFiles.document(FILE);
    }

    /** Every environment variable the collector needs: the config's {@code ${env:NAME}} references and the region. */
    static Set<String> variables() {
        Set<String> names = new TreeSet<>();
        names.add(REGION_VARIABLE);
        for (Tree node : config().descendants()) {
            if (node.value() instanceof String text) {
                Matcher reference = ENV_REFERENCE.matcher(text);
                while (reference.find()) {
                    names.add(reference.group(1));
                }
            }
        }
        return names;
    }

    /** The port of the OTLP receiver for {@code protocol} (grpc or http). */
    static int otlpPort(String protocol) {
        return port(config().at("receivers", "otlp", "protocols", protocol, "endpoint").string());
    }

    /** The port the health_check extension answers on. */
    static int healthPort() {
        return port(config().at("extensions", "health_check", "endpoint").string());
    }

    private static int port(String endpoint) {
        return URI.create("tcp://" + endpoint).getPort();
    }
}
