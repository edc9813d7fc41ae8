package io.sluice.service.deploy;

import java.net.URI;
import java.util.HashSet;
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

    /**
     * The dimension sets the awsemf exporter writes {@code metric} with: those of every metric declaration whose
     * selectors match it, skipping sets that name a label the metric lacks (as awsemf does).
     */
    static Set<Set<String>> cloudWatchDimensionSets(String metric, Set<String> labels) {
        Set<Set<String>> sets = new HashSet<>();
        for (Tree declaration : config().at("exporters", "awsemf", "metric_declarations").list()) {
            if (declaration.get("metric_name_selectors").strings().stream()
                    .anyMatch(selector -> Pattern.compile(selector).matcher(metric).find())) {
                declaration.get("dimensions").list().stream()
                        .map(set -> Set.copyOf(set.strings()))
                        .filter(labels::containsAll)
                        .forEach(sets::add);
            }
        }
        return sets;
    }

    /**
     * The labels a metric reaches awsemf with: its own attributes, the resource attributes (converted to labels
     * when {@code resource_to_telemetry_conversion} is on) and those the pipeline's resource processors add.
     */
    static Set<String> cloudWatchLabels(Set<String> attributes, Set<String> resourceAttributes) {
        Set<String> labels = new HashSet<>(attributes);
        if (config().at("exporters", "awsemf", "resource_to_telemetry_conversion", "enabled").value()
                == Boolean.TRUE) {
            labels.addAll(resourceAttributes);
            for (String processor : config().at("service", "pipelines", "metrics", "processors").strings()) {
                if (processor.startsWith("resource")) {
                    config().at("processors", processor, "attributes").list()
                            .forEach(attribute -> labels.add(attribute.get("key").string()));
                }
            }
        }
        return labels;
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
