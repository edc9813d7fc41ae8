package io.sluice.service.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.EmittedMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Grafana dashboard, the Prometheus rules, the CloudWatch dashboard and the CloudWatch alarms read only what a
 * real server emits: series, labels and label values from its {@code /metrics} after traffic of every kind, and for
 * CloudWatch the metric and dimension sets the collector's awsemf exporter makes of its OTLP metrics.
 */
class DashboardsAndAlertsTest {

    static final String GRAFANA = "grafana/sluice-dashboard.json";
    static final String RULES = "prometheus/sluice-alerts.yaml";
    /** Labels Prometheus itself adds to every scraped series. */
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

    @TempDir
    static Path store;
    private static EmittedMetrics emitted;

    @BeforeAll
    static void runTrafficOfEveryKind() throws Exception {
        emitted = EmittedMetrics.afterTrafficOfEveryKind(store);
    }

    static Stream<Arguments> prometheusQueries() {
        List<Arguments> queries = new ArrayList<>();
        Tree grafana = DeploymentFiles.document(GRAFANA);
        for (Tree panel : grafana.get("panels").list()) {
            for (Tree target : panel.get("targets").list()) {
                queries.add(Arguments.of("Grafana " + panel.get("title").string(), target.get("expr").string()));
            }
        }
        for (Tree variable : grafana.at("templating", "list").list()) {
            if (variable.get("type").string().equals("query")) {
                queries.add(Arguments.of("Grafana variable " + variable.get("name").string(),
                        variable.at("query", "query").string()));
            }
        }
        for (Tree group : DeploymentFiles.document(RULES).get("groups").list()) {
            for (Tree rule : group.get("rules").list()) {
                queries.add(Arguments.of("alert " + rule.get("alert").string(), rule.get("expr").string()));
            }
        }
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusQueries")
    void prometheusQueryReadsOnlyEmittedSeriesLabelsAndValues(String where, String expression) {
        PromQuery query = PromQuery.parse(expression);
        Set<String> labelsInQuery = new HashSet<>(SCRAPE_LABELS);

        assertThat(query.selectors()).as("%s reads Sluice series", where).isNotEmpty();
        query.selectors().forEach((series, matchers) -> {
            Map<String, Set<String>> labels = emitted.prometheus().get(series);
            assertThat(labels).as("%s: series %s is emitted; emitted: %s", where, series,
                    emitted.prometheus().keySet()).isNotNull();
            labelsInQuery.addAll(labels.keySet());
            matchers.forEach((label, matcher) -> {
                if (!SCRAPE_LABELS.contains(label)) {
                    assertThat(labels).as("%s: %s carries label %s", where, series, label).containsKey(label);
                    assertThat(labels.get(label)).as("%s: values of %s on %s", where, label, series)
                            .containsAll(matcher.requiredValues());
                }
            });
        });
        assertThat(labelsInQuery).as("%s groups by labels its series carry", where).containsAll(query.groupedBy());
    }

    static Stream<Arguments> cloudWatchMetrics() {
        List<CloudWatchMetric> metrics = new ArrayList<>(CloudWatchMetric.inDashboard(EcsTemplate.dashboardBody()));
        EcsTemplate.template().get("Resources").entries().forEach((id, resource) -> {
            if (resource.get("Type").string().equals("AWS::CloudWatch::Alarm")) {
                Tree alarm = resource.get("Properties");
                if (alarm.get("MetricName").exists()) {
                    metrics.add(CloudWatchMetric.inAlarm(id, alarm));
                }
                for (Tree query : alarm.get("Metrics").list()) {
                    if (query.get("MetricStat").exists()) {
                        metrics.add(CloudWatchMetric.inAlarm(id, query.at("MetricStat", "Metric")));
                    } else {
                        metrics.addAll(CloudWatchMetric.inExpression(id, EcsTemplate.resolve(query.get("Expression"))));
                    }
                }
            }
        });
        return metrics.stream().map(m -> Arguments.of(m.where() + ": " + m.name() + " by " + m.dimensions(), m));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cloudWatchMetrics")
    void cloudWatchMetricIsOneTheCollectorExportsFromAnEmittedOtelMetric(String name, CloudWatchMetric metric) {
        if (metric.fromAws()) {
            return;
        }
        String namespace = EcsTemplate.resolve(EcsTemplate.environment(EcsTemplate.container(EcsTemplate.COLLECTOR))
                .get("CLOUDWATCH_NAMESPACE"));
        Map<String, Set<String>> attributes = emitted.otlp().get(metric.name());

        assertThat(metric.namespace()).as(name).isEqualTo(namespace);
        assertThat(attributes).as("%s: OTel metric %s is emitted; emitted: %s", name, metric.name(),
                emitted.otlp().keySet()).isNotNull();
        Set<String> labels = CollectorConfig.cloudWatchLabels(attributes.keySet(), emitted.otlpResourceAttributes());
        assertThat(CollectorConfig.cloudWatchDimensionSets(metric.name(), labels))
                .as("%s: dimension sets the collector exports", name).contains(metric.dimensions());
        metric.values().forEach((dimension, value) -> {
            if (attributes.containsKey(dimension)) {
                assertThat(attributes.get(dimension)).as("%s: values of %s", name, dimension).contains(value);
            }
        });
    }

    @Test
    void everyAlarmNotifiesTheSnsTopicParameterOnAlarmAndOnRecovery() {
        List<Tree> alarms = EcsTemplate.properties("AWS::CloudWatch::Alarm");

        assertThat(alarms).hasSize(7).allSatisfy(alarm -> {
            assertThat(alarm.get("AlarmActions").list()).extracting(a -> a.get("Ref").string())
                    .containsExactly("AlarmTopicArn");
            assertThat(alarm.get("OKActions").list()).extracting(a -> a.get("Ref").string())
                    .containsExactly("AlarmTopicArn");
        });
    }
}
