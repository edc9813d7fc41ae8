package io.sluice.service.telemetry;

import io.grpc.Status;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.incubator.metrics.BoundDoubleHistogram;
import io.opentelemetry.api.incubator.metrics.BoundLongCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.scoring.ScoringMetrics;
import io.sluice.scoring.ServingModel;
import io.sluice.shaping.ShapingPolicy;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Sluice's serving metrics, alike for both protocols: call latency by protocol, method and status (its count is
 * the call count, its non-OK statuses the errors), Scorer requests shed before parsing, ScoreBatch sizes, each
 * partner's likelihood distribution (to catch drift) and send/skip decisions (skip / all = the share filtered), exploration sends, the shaping state
 * (thresholds, expected filter rates, QPS caps), the serving model version, and executor queue depth.
 *
 * <p>The per-call series are bound once to their attributes (per partner; per protocol, method and status), so a
 * call records without building attributes or looking its series up by them.
 */
public final class ServingMetrics implements ScoringMetrics {

    /** The protocol a call arrived on. */
    public enum Protocol {
        GRPC("grpc"), THRIFT("thrift");

        private final String label;

        Protocol(String label) {
            this.label = label;
        }
    }

    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("protocol");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    static final AttributeKey<String> PARTNER = AttributeKey.stringKey("partner");
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("decision");
    static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("model.version");
    static final AttributeKey<String> EXECUTOR = AttributeKey.stringKey("executor");
    static final AttributeKey<String> THRESHOLD_SOURCE = AttributeKey.stringKey("source");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    /** Seconds; fine below a millisecond, where the serving budget lies. */
    private static final List<Double> LATENCY_BUCKETS = List.of(0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001,
            0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5);
    private static final List<Long> BATCH_BUCKETS = List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L);
    /** Bid likelihoods are mostly small: fine steps near zero. */
    private static final List<Double> LIKELIHOOD_BUCKETS = List.of(0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.2, 0.3, 0.5, 0.7, 0.9, 1.0);

    private final Meter meter;
    private final DoubleHistogram callDuration;
    private final LongHistogram batchSize;
    private final DoubleHistogram likelihood;
    private final LongCounter decisions;
    private final LongCounter outcomes;
    private final LongCounter policyAnswers;
    private final LongCounter shed;
    private final LongCounter explorations;
    private final Map<String, PartnerSeries> partners = new ConcurrentHashMap<>();
    private final Map<Protocol, Map<String, StatusSeries<BoundDoubleHistogram>>> calls = new EnumMap<>(Protocol.class);
    private final Map<String, StatusSeries<BoundLongCounter>> outcomesByMethod = new ConcurrentHashMap<>();
    private final Map<String, BoundLongCounter> shedByReason = new ConcurrentHashMap<>();

    public ServingMetrics(Meter meter, Supplier<Optional<String>> modelVersion) {
        this.meter = meter;
        this.callDuration = meter.histogramBuilder("sluice.request.duration")
                .setDescription("Server-side duration of a call, by protocol, method and final status.")
                .setUnit("s")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
                .build();
        this.batchSize = meter.histogramBuilder("sluice.batch.size")
                .setDescription("Requests in one ScoreBatch call.")
                .setUnit("{request}")
                .ofLongs()
                .setExplicitBucketBoundariesAdvice(BATCH_BUCKETS)
                .build();
        this.likelihood = meter.histogramBuilder("sluice.partner.likelihood")
                .setDescription("Bid likelihoods served, by partner: a shifting distribution means drift.")
                .setExplicitBucketBoundariesAdvice(LIKELIHOOD_BUCKETS)
                .build();
        this.decisions = meter.counterBuilder("sluice.partner.decisions")
                .setDescription("Send/skip decisions by partner; skip over all is the share of traffic filtered.")
                .setUnit("{decision}")
                .build();
        this.explorations = meter.counterBuilder("sluice.partner.explorations")
                .setDescription("Requests sent to a partner as exploration, whatever their score (gRPC only).")
                .setUnit("{request}")
                .build();
        this.outcomes = meter.counterBuilder("sluice.outcomes")
                .setDescription("Outcomes of the requests inside ScoreBatch and ScoreStream calls, by method and "
                        + "status; the call itself is OK once every request in it is answered.")
                .setUnit("{request}")
                .build();
        this.policyAnswers = meter.counterBuilder("sluice.thrift.policy_answers")
                .setDescription("Legacy calls that failed and were answered with the thrift.on-error likelihood "
                        + "instead (a policy answer, not a score), by the failure's status.")
                .setUnit("{call}")
                .build();
        this.shed = meter.counterBuilder("sluice.requests.shed")
                .setDescription("Scorer requests refused RESOURCE_EXHAUSTED before they were parsed, because the "
                        + "server is overloaded, by reason; a refused ScoreBatch counts once.")
                .setUnit("{request}")
                .build();
        for (Protocol protocol : Protocol.values()) {
            calls.put(protocol, new ConcurrentHashMap<>());
        }
        // Not "...info": the Prometheus naming rules would strip that suffix.
        meter.gaugeBuilder("sluice.model.serving")
                .setDescription("1 for the model version being served.")
                .ofLongs()
                .buildWithCallback(gauge -> modelVersion.get()
                        .ifPresent(version -> gauge.record(1, Attributes.of(MODEL_VERSION, version))));
    }

    /** Records one finished call. */
    public void recordCall(Protocol protocol, String method, Status.Code status, long durationNanos) {
        seriesOf(calls.get(protocol), method, m -> new StatusSeries<>(code -> BoundInstruments.bind(callDuration,
                Attributes.of(PROTOCOL, protocol.label, METHOD, m, STATUS, code.name()))))
                .of(status).record(durationNanos / 1e9);
    }

    /** Records the outcome of one request inside a batch or stream call. */
    public void recordOutcome(String method, Status.Code status) {
        seriesOf(outcomesByMethod, method, m -> new StatusSeries<>(code -> BoundInstruments.bind(outcomes,
                Attributes.of(METHOD, m, STATUS, code.name()))))
                .of(status).add(1);
    }

    /** Records one Scorer request refused as overloaded before it was parsed, for {@code reason}. */
    public void recordShed(String reason) {
        seriesOf(shedByReason, reason, r -> BoundInstruments.bind(shed, Attributes.of(REASON, r))).add(1);
    }

    private static <T> T seriesOf(Map<String, T> series, String method, Function<String, T> create) {
        T found = series.get(method);
        return found != null ? found : series.computeIfAbsent(method, create);
    }

    /** Records one failed legacy call answered with the {@code thrift.on-error} likelihood instead. */
    public void recordPolicyAnswer(Status.Code status) {
        policyAnswers.add(1, Attributes.of(STATUS, status.name()));
    }

    /** Records the size of one accepted ScoreBatch call. */
    public void recordBatch(int requests) {
        batchSize.record(requests);
    }

    /** Records each partner's likelihood and the decision taken from it. */
    @Override
    public void recordAnswer(ScoreResponse answer) {
        // Read once for the whole answer: the trace context decides exemplars, and each read is a thread-local lookup.
        Context context = Context.current();
        for (int i = 0; i < answer.getScoresCount(); i++) {
            PartnerScore score = answer.getScores(i);
            PartnerSeries series = seriesOf(partners, score.getPartnerId(), PartnerSeries::new);
            series.likelihood.record(score.getLikelihood(), context);
            (score.getDecision() == Decision.DECISION_SEND ? series.send : series.skip).add(1, context);
            if (score.getExploration()) {
                series.exploration.add(1, context);
            }
        }
    }

    /**
     * Reports the shaping state read at each collection: the serving model's threshold per partner, with its source
     * and the share of requests it is expected to filter, and each capped partner's cap threshold and request rate.
     */
    public void observeShaping(Supplier<Optional<ServingModel>> model, ShapingPolicy policy) {
        meter.gaugeBuilder("sluice.partner.threshold")
                .setDescription("Threshold each partner is served with when a request names none, by source "
                        + "(target_recall or model_default); a QPS cap may raise it per request.")
                .buildWithCallback(gauge -> model.get().ifPresent(m -> forEachPartner(m, (partner, threshold) ->
                        gauge.record(threshold.getThreshold(), Attributes.of(PARTNER, partner, THRESHOLD_SOURCE,
                                sourceLabel(threshold.getSource()))))));
        meter.gaugeBuilder("sluice.partner.expected_filtered_share")
                .setDescription("Share of requests the partner's threshold filtered on the model's validation "
                        + "split: what to expect of live traffic like it. Absent without a threshold table.")
                .buildWithCallback(gauge -> model.get().ifPresent(m -> forEachPartner(m, (partner, threshold) -> {
                    if (threshold.hasExpectedFilteredShare()) {
                        gauge.record(threshold.getExpectedFilteredShare(), Attributes.of(PARTNER, partner));
                    }
                })));
        meter.gaugeBuilder("sluice.partner.cap.threshold")
                .setDescription("Threshold a capped partner's QPS cap imposes on this replica now; 0 while the cap "
                        + "does not bind.")
                .buildWithCallback(gauge -> policy.caps().forEach((partner, cap) ->
                        gauge.record(cap.limit().threshold(), Attributes.of(PARTNER, partner))));
        meter.gaugeBuilder("sluice.partner.cap.arrival_rate")
                .setDescription("Requests per second a capped partner receives on this replica, over the cap's "
                        + "window; compare with its share of the cap.")
                .buildWithCallback(gauge -> policy.caps().forEach((partner, cap) ->
                        gauge.record(cap.limit().arrivalsPerSecond(), Attributes.of(PARTNER, partner))));
    }

    private static void forEachPartner(ServingModel model, BiConsumer<String, ServingThreshold> action) {
        for (int i = 0; i < model.partnerIds().size(); i++) {
            action.accept(model.partnerIds().get(i), model.servingThresholds().get(i));
        }
    }

    private static String sourceLabel(ThresholdSource source) {
        return source.name().substring("THRESHOLD_SOURCE_".length()).toLowerCase(Locale.ROOT);
    }

    /** Reports the number of tasks waiting in an executor's queue (work accepted but not yet started). */
    public void observeQueueDepth(String executor, IntSupplier depth) {
        Attributes attributes = Attributes.of(EXECUTOR, executor);
        meter.gaugeBuilder("sluice.executor.queue.depth")
                .setDescription("Tasks waiting in the executor's queue.")
                .setUnit("{task}")
                .ofLongs()
                .buildWithCallback(gauge -> gauge.record(depth.getAsInt(), attributes));
    }

    /** Reports how many unary Scorer calls may be in flight now: grpc.max-in-flight-calls, or fewer (adapting). */
    public void observeInFlightBound(IntSupplier bound) {
        meter.gaugeBuilder("sluice.grpc.in_flight.bound")
                .setDescription("Unary Scorer calls the server admits at once now: grpc.max-in-flight-calls, or "
                        + "fewer while callers give up on calls.")
                .setUnit("{call}")
                .ofLongs()
                .buildWithCallback(gauge -> gauge.record(bound.getAsInt()));
    }

    /** Reports a monotonic count kept elsewhere (e.g. requests dropped, models refused) as a counter. */
    public void observeCount(String name, String description, LongSupplier count) {
        meter.counterBuilder(name).setDescription(description)
                .buildWithCallback(counter -> counter.record(count.getAsLong()));
    }

    /** A partner's series, bound once so recording a score neither allocates nor looks a series up. */
    private final class PartnerSeries {
        final BoundDoubleHistogram likelihood;
        final BoundLongCounter send;
        final BoundLongCounter skip;
        final BoundLongCounter exploration;

        PartnerSeries(String partnerId) {
            Attributes partner = Attributes.of(PARTNER, partnerId);
            this.likelihood = BoundInstruments.bind(ServingMetrics.this.likelihood, partner);
            this.send = BoundInstruments.bind(decisions, Attributes.of(PARTNER, partnerId, DECISION, "send"));
            this.skip = BoundInstruments.bind(decisions, Attributes.of(PARTNER, partnerId, DECISION, "skip"));
            this.exploration = BoundInstruments.bind(explorations, partner);
        }
    }

    /** One series per gRPC status code, bound the first time a call ends with that status. */
    private static final class StatusSeries<T> {
        private final AtomicReferenceArray<T> byStatus = new AtomicReferenceArray<>(Status.Code.values().length);
        private final Function<Status.Code, T> bind;

        StatusSeries(Function<Status.Code, T> bind) {
            this.bind = bind;
        }

        T of(Status.Code status) {
            T series = byStatus.get(status.ordinal());
            if (series != null) {
                return series;
            }
            byStatus.compareAndSet(status.ordinal(), null, bind.apply(status));
            return byStatus.get(status.ordinal());
        }
    }
}
