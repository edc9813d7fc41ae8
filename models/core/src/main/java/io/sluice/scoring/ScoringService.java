package io.sluice.scoring;

import static io.sluice.scoring.ScoringException.invalid;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ThresholdSource;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.scoring.ScoringException.Reason;
import io.sluice.shaping.PartnerPolicies;
import io.sluice.shaping.ShapingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scoring core shared by every protocol: validate, pick the partners, extract features once, run the model
 * once, and decide each partner: its threshold, raised by its QPS cap, and exploration ({@link ShapingPolicy}). A
 * request that cannot be scored ends in a {@link ScoringException}; it is never answered with a made-up score.
 */
public final class ScoringService implements Scorer {

    /**
     * One thread local for all of a call's buffers: on threads that hold many thread locals (Netty, gRPC,
     * OpenTelemetry) each lookup may miss its first slot and probe, so a call makes as few as it can.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final RequestInput input;
    private final ModelRegistry models;
    private final Clock clock;
    private final AtomicLong expiredBeforeScoring = new AtomicLong();
    private final ScoringSpans spans;
    private final ScoringMetrics metrics;
    private final DecisionSink decisions;
    private final ShapingPolicy policy;

    public ScoringService(RequestLimits limits, ModelRegistry models, Clock clock, ScoringSpans spans,
                          ScoringMetrics metrics, ShapingPolicy policy, DecisionSink decisions) {
        this.input = new RequestInput(limits);
        this.models = models;
        this.clock = clock;
        this.spans = spans;
        this.metrics = metrics;
        this.policy = policy;
        this.decisions = decisions;
    }

    /** The core with no tracing, no metrics, no shaping policy and no decision log. */
    public static ScoringService withoutTelemetry(RequestLimits limits, ModelRegistry models) {
        return withoutTelemetry(limits, models, ShapingPolicy.NONE, DecisionSink.NONE);
    }

    /**
     * The core with no tracing and no metrics, for benchmarks that measure the scoring work, the policy and the
     * decision log alone.
     */
    public static ScoringService withoutTelemetry(RequestLimits limits, ModelRegistry models, ShapingPolicy policy,
                                                  DecisionSink decisions) {
        return new ScoringService(limits, models, Clock.systemUTC(),
                new ScoringSpans(OpenTelemetry.noop().getTracer("sluice")), ScoringMetrics.NONE, policy, decisions);
    }

    /**
     * The same core without exploration and QPS caps, for callers that read only the likelihood (the legacy Thrift
     * contract): their requests neither count toward a partner's cap nor are explored.
     */
    public Scorer unshaped() {
        return new Scorer() {
            @Override
            public ScoreResponse score(ScoreRequest request, CallDeadline deadline) throws ScoringException {
                return ScoringService.this.score(request, deadline, ShapingPolicy.NONE);
            }

            @Override
            public ScoreResponse score(SinglePartnerRequest request, CallDeadline deadline) throws ScoringException {
                return ScoringService.this.score(request, deadline, ShapingPolicy.NONE);
            }
        };
    }

    /** Scores {@code request} and decides each partner under the shaping policy (exploration, QPS caps). */
    @Override
    public ScoreResponse score(ScoreRequest request, CallDeadline deadline) throws ScoringException {
        return score(request, deadline, policy);
    }

    /**
     * Scores one partner as {@link #score(ScoreRequest, CallDeadline)} scores the request's v1 form, without
     * building that form: the same checks, answer and refusals (a refusal names the partner as {@code
     * partner_ids[0]}).
     */
    @Override
    public ScoreResponse score(SinglePartnerRequest request, CallDeadline deadline) throws ScoringException {
        return score(request, deadline, policy);
    }

    private ScoreResponse score(ScoreRequest request, CallDeadline deadline, ShapingPolicy policy)
            throws ScoringException {
        BidRequest bid = input.bidRequestOf(request);
        ServingModel model = modelFor(bid);
        Instant arrival = request.hasArrivalTime()
                ? Instant.ofEpochSecond(request.getArrivalTime().getSeconds(), request.getArrivalTime().getNanos())
                : clock.instant();
        // Read once: each read of an unset map field builds an empty map.
        Map<String, Double> thresholds = request.getThresholdsMap();
        return score(bid, arrival, model, resolvePartners(request, thresholds, model), thresholds, deadline, policy);
    }

    private ScoreResponse score(SinglePartnerRequest request, CallDeadline deadline, ShapingPolicy policy)
            throws ScoringException {
        BidRequest bid = input.bidRequestOf(request);
        ServingModel model = modelFor(bid);
        int[] outputs = {outputOf(model, 0, request.partnerId())};
        return score(bid, request.arrival(), model, outputs, Map.of(), deadline, policy);
    }

    private ServingModel modelFor(BidRequest bid) throws ScoringException {
        return models.forRequest(bid.getId()).orElseThrow(() ->
                new ScoringException(Reason.UNAVAILABLE, "no model is loaded yet; retry when health is SERVING"));
    }

    /** Scores {@code bid} for the model's {@code outputs}; {@code thresholds} are the request's own, by partner. */
    private ScoreResponse score(BidRequest bid, Instant arrival, ServingModel model, int[] outputs,
                                Map<String, Double> thresholds, CallDeadline deadline, ShapingPolicy policy)
            throws ScoringException {
        requireTimeLeft(deadline, bid.getTmax(), arrival);

        Scratch scratch = SCRATCH.get();
        FeatureVector features = scratch.features;
        Span extraction = spans.start("extract-features");
        try {
            FeatureExtractor.extract(bid, RequestTime.at(arrival, bid.getDevice().getGeo().getUtcoffset()),
                    features);
        } finally {
            extraction.end();
        }
        float[] likelihoods = scratch.outputs(model.partnerIds().size());
        Span inference = spans.start("inference")
                .setAttribute(ScoringSpans.MODEL_VERSION, model.version())
                .setAttribute(ScoringSpans.PARTNER_COUNT, outputs.length);
        try {
            model.predictor().predict(features, likelihoods);
        } finally {
            inference.end();
        }

        ScoreResponse.Builder response = scratch.response.clear()
                .setRequestId(bid.getId())
                .setModelVersion(model.version());
        PartnerPolicies shaping = policy.forPartners(model.partnerIds());
        long requestKey = policy.requestKey(bid.getId());
        long now = policy.now();
        for (int output : outputs) {
            String partner = model.partnerIds().get(output);
            double likelihood = likelihoods[output];
            Double requested = thresholds.isEmpty() ? null : thresholds.get(partner);
            boolean fromRequest = requested != null;
            PartnerScore.Builder score = scratch.score.clear().setPartnerId(partner).setLikelihood(likelihood);
            shaping.decide(output, requestKey, now, likelihood, fromRequest ? requested : model.threshold(output),
                    fromRequest ? ThresholdSource.THRESHOLD_SOURCE_REQUEST : model.thresholdSource(output), score);
            response.addScores(score);
        }
        ScoreResponse answer = response.build();
        metrics.recordAnswer(answer);
        decisions.decided(bid, arrival, answer);
        return answer;
    }

    /** Requests dropped before inference because their deadline or tmax had already passed. */
    public long expiredBeforeScoring() {
        return expiredBeforeScoring.get();
    }

    private void requireTimeLeft(CallDeadline deadline, int tmaxMillis, Instant arrival) throws ScoringException {
        if (deadline.isExpired()) {
            expiredBeforeScoring.incrementAndGet();
            throw new ScoringException(Reason.DEADLINE_EXCEEDED, "the call's deadline passed before scoring");
        }
        if (tmaxMillis > 0 && !clock.instant().isBefore(arrival.plusMillis(tmaxMillis))) {
            expiredBeforeScoring.incrementAndGet();
            throw new ScoringException(Reason.DEADLINE_EXCEEDED, "bid_request.tmax of " + tmaxMillis
                    + " ms after arrival_time has passed");
        }
    }

    private static int[] resolvePartners(ScoreRequest request, Map<String, Double> thresholds, ServingModel model)
            throws ScoringException {
        if (request.getPartnerIdsCount() == 0) {
            int[] all = new int[model.partnerIds().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            requireThresholdsFor(thresholds, model, all);
            return all;
        }
        int[] outputs = new int[request.getPartnerIdsCount()];
        for (int i = 0; i < outputs.length; i++) {
            String partner = request.getPartnerIds(i);
            int output = outputOf(model, i, partner);
            for (int j = 0; j < i; j++) {
                if (outputs[j] == output) {
                    throw invalid("partner_ids[" + i + "]: partner '" + ScoringException.shortened(partner)
                            + "' is listed twice");
                }
            }
            outputs[i] = output;
        }
        requireThresholdsFor(thresholds, model, outputs);
        return outputs;
    }

    /** The model's output column for {@code partner}, the {@code index}-th partner the request names. */
    private static int outputOf(ServingModel model, int index, String partner) throws ScoringException {
        int output = model.outputOf(partner);
        if (output < 0) {
            throw invalid("partner_ids[" + index + "]: unknown partner '" + ScoringException.shortened(partner)
                    + "'; model " + model.version() + " scores " + model.partnerIds());
        }
        return output;
    }

    private static void requireThresholdsFor(Map<String, Double> thresholds, ServingModel model, int[] outputs)
            throws ScoringException {
        if (thresholds.isEmpty()) {
            return;
        }
        for (String partner : thresholds.keySet()) {
            int output = model.outputOf(partner);
            boolean scored = false;
            for (int o : outputs) {
                scored |= o == output;
            }
            if (!scored) {
                throw invalid("thresholds[" + ScoringException.shortened(partner) + "]: partner is not being scored");
            }
        }
    }

    /**
     * A thread's reusable buffers: the feature vector, the model's outputs, and the answer's builders (cleared for
     * each answer; a new builder per answer and per partner cost about 60 bytes each).
     */
    private static final class Scratch {
        final FeatureVector features = FeatureVector.forCurrentSpec();
        final ScoreResponse.Builder response = ScoreResponse.newBuilder();
        final PartnerScore.Builder score = PartnerScore.newBuilder();
        private float[] outputs = new float[0];

        float[] outputs(int partners) {
            if (outputs.length < partners) {
                outputs = new float[partners];
            }
            return outputs;
        }
    }
}
