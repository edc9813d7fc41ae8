package io.sluice.service.candidate;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.scoring.DecisionSink;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.RequestIdSample;
import io.sluice.scoring.ServingModel;
import io.sluice.service.telemetry.ShadowMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow scoring: the registry's candidate scores a sample of answered requests off the hot path, with the same
 * feature extractor and predictor as serving, and {@link ShadowMetrics} compare it with what each caller got.
 *
 * <p>A call never waits for it: the scoring thread only samples by request id and offers the request to a bounded
 * queue; when the queue is full the request is dropped and counted. One background thread scores what is queued.
 * Decisions are compared as likelihood against the threshold the response applied, on both sides, so what the
 * serving path adds after the model (exploration, a partner's cap) does not count as disagreement.
 */
public final class ShadowScoring implements DecisionSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScoring.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** A request as it was answered. */
    private record Answered(BidRequest request, Instant arrival, ScoreResponse response) {
    }

    private final ModelRegistry models;
    private final RequestIdSample sample;
    private final BlockingQueue<Answered> queue;
    private final ShadowMetrics metrics;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    /** The worker's own state: features, the candidate's output buffer and its metric series. */
    private final FeatureVector features = FeatureVector.forCurrentSpec();
    private float[] likelihoods = new float[0];
    private ShadowMetrics.Candidate series;

    /** Scores the requests {@code sample} picks, up to {@code queueCapacity} waiting, once {@link #start}ed. */
    public ShadowScoring(ModelRegistry models, RequestIdSample sample, int queueCapacity, ShadowMetrics metrics) {
        this.models = models;
        this.sample = sample;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.metrics = metrics;
        this.worker = new Thread(this::scoreUntilClosed, "shadow-scoring");
        worker.setDaemon(true);
    }

    /** Starts the background thread. */
    public void start() {
        worker.start();
    }

    @Override
    public void decided(BidRequest request, Instant arrival, ScoreResponse response) {
        if (closed || models.candidate().isEmpty() || !sample.includes(request.getId())) {
            return;
        }
        if (!queue.offer(new Answered(request, arrival, response))) {
            dropped.incrementAndGet();
        }
    }

    /** Sampled requests dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void scoreUntilClosed() {
        try {
            while (!closed) {
                Answered answered = queue.poll(1, TimeUnit.SECONDS);
                if (answered != null) {
                    compareQuietly(answered);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void compareQuietly(Answered answered) {
        try {
            models.candidate().ifPresent(candidate -> compare(candidate, answered));
        } catch (RuntimeException e) {
            // The shadow must never stop for one request; the candidate passed the same checks as serving models.
            LOG.warn("shadow scoring of request {} failed: {}", answered.request().getId(), e.toString());
        }
    }

    private void compare(ServingModel candidate, Answered answered) {
        ScoreResponse response = answered.response();
        if (candidate.version().equals(response.getModelVersion())) {
            return;
        }
        if (series == null || !series.version().equals(candidate.version())) {
            series = metrics.forCandidate(candidate.version());
            likelihoods = new float[candidate.partnerIds().size()];
        }
        BidRequest bid = answered.request();
        FeatureExtractor.extract(bid, RequestTime.at(answered.arrival(), bid.getDevice().getGeo().getUtcoffset()),
                features);
        candidate.predictor().predict(features, likelihoods);
        for (int i = 0; i < response.getScoresCount(); i++) {
            PartnerScore served = response.getScores(i);
            int output = candidate.outputOf(served.getPartnerId());
            if (output < 0) {
                continue;
            }
            double likelihood = likelihoods[output];
            double threshold = served.getThreshold();
            series.record(served.getPartnerId(), Math.abs(likelihood - served.getLikelihood()),
                    (likelihood >= threshold) == (served.getLikelihood() >= threshold));
        }
    }

    /** Stops the background thread; requests still queued are not scored. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
