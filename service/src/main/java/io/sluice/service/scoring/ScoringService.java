package io.sluice.service.scoring;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.opentelemetry.api.trace.Span;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.compat.thrift.ScoringBackend;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.service.telemetry.ChildSpans;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.SpanAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scoring core shared by every protocol: validate, pick the partners, extract features once, run the model
 * once, and apply each partner's threshold. Errors are gRPC statuses; a request is never answered with a made-up
 * score.
 */
public final class ScoringService implements ScoringBackend {

    private static final ThreadLocal<FeatureVector> FEATURES = ThreadLocal.withInitial(FeatureVector::forCurrentSpec);
    private static final ThreadLocal<float[][]> OUTPUTS = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private final RequestValidator validator;
    private final ModelRegistry models;
    private final Clock clock;
    private final AtomicLong expiredBeforeScoring = new AtomicLong();
    private final ChildSpans spans;
    private final ServingMetrics metrics;

    public ScoringService(RequestValidator validator, ModelRegistry models, Clock clock, ChildSpans spans,
                          ServingMetrics metrics) {
        this.validator = validator;
        this.models = models;
        this.clock = clock;
        this.spans = spans;
        this.metrics = metrics;
    }

    @Override
    public ScoreResponse score(ScoreRequest request, Deadline deadline) throws StatusException {
        validator.validate(request);
        ServingModel model = models.current().orElseThrow(() ->
                Status.UNAVAILABLE.withDescription("no model is loaded yet; retry when health is SERVING").asException());
        BidRequest bid = request.getBidRequest();
        Instant arrival = request.hasArrivalTime()
                ? Instant.ofEpochSecond(request.getArrivalTime().getSeconds(), request.getArrivalTime().getNanos())
                : clock.instant();
        int[] outputs = resolvePartners(request, model);
        requireTimeLeft(deadline, bid.getTmax(), arrival);

        FeatureVector features = FEATURES.get();
        Span extraction = spans.start("extract-features");
        try {
            FeatureExtractor.extract(bid, RequestTime.at(arrival, bid.getDevice().getGeo().getUtcoffset()),
                    features);
        } finally {
            extraction.end();
        }
        float[] likelihoods = outputBuffer(model.partnerIds().size());
        Span inference = spans.start("inference")
                .setAttribute(SpanAttributes.MODEL_VERSION, model.version())
                .setAttribute(SpanAttributes.PARTNER_COUNT, outputs.length);
        try {
            model.predictor().predict(features, likelihoods);
        } finally {
            inference.end();
        }

        ScoreResponse.Builder response = ScoreResponse.newBuilder()
                .setRequestId(bid.getId())
                .setModelVersion(model.version());
        for (int output : outputs) {
            String partner = model.partnerIds().get(output);
            double likelihood = likelihoods[output];
            double threshold = request.getThresholdsOrDefault(partner, model.defaultThreshold(output));
            boolean send = likelihood >= threshold;
            metrics.recordPartnerScore(partner, likelihood, send);
            response.addScores(PartnerScore.newBuilder()
                    .setPartnerId(partner)
                    .setLikelihood(likelihood)
                    .setThreshold(threshold)
                    .setDecision(send ? Decision.DECISION_SEND : Decision.DECISION_SKIP));
        }
        return response.build();
    }

    /** Requests dropped before inference because their deadline or tmax had already passed. */
    public long expiredBeforeScoring() {
        return expiredBeforeScoring.get();
    }

    private void requireTimeLeft(Deadline deadline, int tmaxMillis, Instant arrival) throws StatusException {
        if (deadline != null && deadline.isExpired()) {
            expiredBeforeScoring.incrementAndGet();
            throw Status.DEADLINE_EXCEEDED.withDescription("the call's deadline passed before scoring").asException();
        }
        if (tmaxMillis > 0 && !clock.instant().isBefore(arrival.plusMillis(tmaxMillis))) {
            expiredBeforeScoring.incrementAndGet();
            throw Status.DEADLINE_EXCEEDED.withDescription("bid_request.tmax of " + tmaxMillis
                    + " ms after arrival_time has passed").asException();
        }
    }

    private static int[] resolvePartners(ScoreRequest request, ServingModel model) throws StatusException {
        if (request.getPartnerIdsCount() == 0) {
            int[] all = new int[model.partnerIds().size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            requireThresholdsFor(request, model, all);
            return all;
        }
        int[] outputs = new int[request.getPartnerIdsCount()];
        for (int i = 0; i < outputs.length; i++) {
            String partner = request.getPartnerIds(i);
            int output = model.outputOf(partner);
            if (output < 0) {
                throw RequestValidator.invalid("partner_ids[" + i + "]: unknown partner '" + partner
                        + "'; model " + model.version() + " scores " + model.partnerIds());
            }
            for (int j = 0; j < i; j++) {
                if (outputs[j] == output) {
                    throw RequestValidator.invalid("partner_ids[" + i + "]: partner '" + partner + "' is listed twice");
                }
            }
            outputs[i] = output;
        }
        requireThresholdsFor(request, model, outputs);
        return outputs;
    }

    private static void requireThresholdsFor(ScoreRequest request, ServingModel model, int[] outputs)
            throws StatusException {
        for (String partner : request.getThresholdsMap().keySet()) {
            int output = model.outputOf(partner);
            boolean scored = false;
            for (int o : outputs) {
                scored |= o == output;
            }
            if (!scored) {
                throw RequestValidator.invalid("thresholds[" + partner + "]: partner is not being scored");
            }
        }
    }

    private static float[] outputBuffer(int partners) {
        float[][] holder = OUTPUTS.get();
        if (holder[0].length < partners) {
            holder[0] = new float[partners];
        }
        return holder[0];
    }
}
