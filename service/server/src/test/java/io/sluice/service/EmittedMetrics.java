package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequestFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;

/**
 * The metrics a real server emits after traffic of every kind an operator watches, by Prometheus sample name and by
 * OpenTelemetry metric name (from a real OTLP export), each with the labels (attributes) seen and their values: what
 * dashboards and alert rules are checked against.
 *
 * @param prometheus sample name (e.g. {@code sluice_request_duration_seconds_bucket}) to label to values
 * @param otlp OpenTelemetry metric name (e.g. {@code sluice.request.duration}) to attribute to values
 * @param otlpResourceAttributes keys of the resource attributes the OTLP export carried (e.g. service.name)
 */
public record EmittedMetrics(Map<String, Map<String, Set<String>>> prometheus,
                             Map<String, Map<String, Set<String>>> otlp, Set<String> otlpResourceAttributes) {

    private static final String PARTNER = "3358";
    private static final String CAPPED_PARTNER = "1458";
    private static final int BURST = 300;

    /**
     * Starts a server on a model store with shaping on (exploration, a QPS cap), OTLP metrics pushed to a local
     * receiver, and a scoring queue small enough to shed; sends gRPC calls (scored, invalid, expired, a burst that is
     * partly refused) and legacy Thrift calls; then reads both exports.
     */
    public static EmittedMetrics afterTrafficOfEveryKind(Path storeDirectory) throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), 1L << 30);
        ModelArtifact.write(storeDirectory.resolve("v1"), bundled.manifest().toBuilder().setVersion("v1").build(),
                bundled.network());
        Files.writeString(storeDirectory.resolve("CURRENT"), "v1\n");
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
             RunningServer running = RunningServer.inProcess(Map.ofEntries(
                     Map.entry("model.location", storeDirectory.toString()),
                     // One DL4J thread with a queue of 4 sheds part of a burst (as in OverloadTest).
                     Map.entry("model.inference", "dl4j"), Map.entry("model.dl4j-pool-size", "1"),
                     Map.entry("scoring.threads", "1"), Map.entry("scoring.max-queued-requests", "4"),
                     Map.entry("model.warmup-passes", "5"),
                     Map.entry("shaping.exploration-rate", "0.5"),
                     Map.entry("shaping.partner-qps-cap." + CAPPED_PARTNER, "1000"),
                     Map.entry("otel.metrics.otlp-enabled", "true"),
                     Map.entry("otel.metrics.export-interval", "200ms"),
                     Map.entry("otel.exporter.otlp.endpoint", receiver.endpoint())))) {
            running.awaitVersion("v1");
            sendGrpcTraffic(running);
            sendThriftTraffic(running);
            Map<String, Map<String, Set<String>>> scraped = labels(PrometheusScrape.of(running.server.adminPort())
                    .samples().stream().map(s -> new Labelled(s.name(), s.labels())));
            Set<String> expected = Set.of("sluice.request.duration", "sluice.partner.explorations",
                    "sluice.model.loads.refused", "sluice.partner.cap.threshold");
            Map<String, Map<String, Set<String>>> pushed = receiver.awaitMetrics(metrics -> {
                Map<String, Map<String, Set<String>>> seen = labels(metrics.stream().flatMap(EmittedMetrics::points));
                // Exports are cumulative and Thrift was the last traffic: one with a Thrift call has it all.
                boolean afterTraffic = seen.keySet().containsAll(expected) && seen.get("sluice.request.duration")
                        .getOrDefault("protocol", Set.of()).contains("thrift");
                return afterTraffic ? Optional.of(seen) : Optional.empty();
            });
            return new EmittedMetrics(scraped, pushed, receiver.metricResourceAttributes());
        }
    }

    private static void sendGrpcTraffic(RunningServer running) throws Exception {
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            scorer.score(Requests.scoreRequest("g" + i, PARTNER, CAPPED_PARTNER));
            // Thresholds of 1.0 filter everything: half of these are sent as exploration, the rest skipped.
            scorer.score(Requests.scoreRequest("x" + i, PARTNER, CAPPED_PARTNER).toBuilder()
                    .putThresholds(PARTNER, 1.0).putThresholds(CAPPED_PARTNER, 1.0).build());
        }
        assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("unknown-partner", "9999")))
                .isInstanceOf(StatusRuntimeException.class);
        assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("stale", PARTNER).toBuilder()
                .setBidRequest(Requests.bidRequest("stale").toBuilder().setTmax(50)).build()))
                .isInstanceOf(StatusRuntimeException.class);
        Set<Status.Code> burst = ConcurrentHashMap.newKeySet();
        CountDownLatch answered = new CountDownLatch(BURST);
        ScorerGrpc.ScorerStub async = ScorerGrpc.newStub(running.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        for (int i = 0; i < BURST; i++) {
            async.score(Requests.scoreRequest("burst-" + i, PARTNER), new StreamObserver<>() {
                @Override
                public void onNext(ScoreResponse response) {
                }

                @Override
                public void onError(Throwable t) {
                    burst.add(Status.fromThrowable(t).getCode());
                    answered.countDown();
                }

                @Override
                public void onCompleted() {
                    answered.countDown();
                }
            });
        }
        assertThat(answered.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(burst).as("a burst beyond the queue is partly shed").contains(Status.Code.RESOURCE_EXHAUSTED);
    }

    private static void sendThriftTraffic(RunningServer running) throws Exception {
        try (TSocket socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000)) {
            socket.open();
            BidRequestFilter.Client legacy = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            for (int i = 0; i < 5; i++) {
                legacy.filter(LegacyThriftTest.legacyTuesday14h(PARTNER));
            }
        }
    }

    /** A sample or data point: a metric name and its labels. */
    private record Labelled(String name, Map<String, String> labels) {
    }

    private static Map<String, Map<String, Set<String>>> labels(Stream<Labelled> points) {
        Map<String, Map<String, Set<String>>> byName = new TreeMap<>();
        points.forEach(point -> {
            Map<String, Set<String>> labels = byName.computeIfAbsent(point.name(), n -> new TreeMap<>());
            point.labels().forEach((key, value) -> labels.computeIfAbsent(key, k -> new TreeSet<>()).add(value));
        });
        return byName;
    }

    private static Stream<Labelled> points(Metric metric) {
        Stream<List<KeyValue>> attributes = switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList().stream().map(p -> p.getAttributesList());
            case SUM -> metric.getSum().getDataPointsList().stream().map(p -> p.getAttributesList());
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().stream().map(p -> p.getAttributesList());
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().stream()
                    .map(p -> p.getAttributesList());
            default -> Stream.of(List.of());
        };
        return attributes.map(list -> {
            Map<String, String> labels = new HashMap<>();
            list.forEach(kv -> labels.put(kv.getKey(), kv.getValue().getStringValue()));
            return new Labelled(metric.getName(), labels);
        });
    }
}
