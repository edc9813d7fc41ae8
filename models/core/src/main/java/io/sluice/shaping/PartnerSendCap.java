package io.sluice.shaping;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One partner's QPS cap on this replica. It tracks the partner's likelihoods over a sliding window (the window split
 * into {@value #WINDOW_SLOTS} slots) and, each time a slot completes, works out from the window's request rate and
 * score distribution the threshold under which sends stay within the cap: the requests most likely to bid are the
 * ones kept. Exploration sends count within the cap, so when exploration alone would exceed it, the exploration
 * probability is lowered to fit. Before the first slot completes, estimates come from the slot being filled, after
 * {@value #FIRST_ESTIMATE} requests and again each time their count doubles, so a new replica overshoots briefly.
 *
 * <p>Recording and reading the limit take no lock: a volatile read, and an atomic increment of one bucket.
 */
public final class PartnerSendCap {

    static final int WINDOW_SLOTS = 10;
    /** Requests counted before the first estimate: enough for a rate and a rough quantile. */
    static final int FIRST_ESTIMATE = 64;

    /**
     * What the cap imposes until the next estimate.
     *
     * @param threshold              requests scored below it are not sent unless explored; 0 when the cap does not
     *                               bind
     * @param explorationProbability the exploration rate, lowered when exploration alone would exceed the cap
     * @param arrivalsPerSecond      the partner's requests per second on this replica, as last estimated
     */
    public record Limit(double threshold, double explorationProbability, double arrivalsPerSecond) {
    }

    private final double sendsPerSecond;
    private final double explorationRate;
    private final SlidingScoreHistogram histogram;
    /** Requests counted while no slot has completed; stops counting once one has. */
    private final AtomicLong firstSlotRequests = new AtomicLong();
    private volatile boolean firstSlotCompleted;
    private volatile Limit limit;

    /** A cap of {@code sendsPerSecond} on this replica for a partner explored at {@code explorationRate}. */
    public PartnerSendCap(double sendsPerSecond, double explorationRate, Duration window) {
        this.sendsPerSecond = sendsPerSecond;
        this.explorationRate = explorationRate;
        this.histogram = new SlidingScoreHistogram(Math.max(1, window.toNanos() / WINDOW_SLOTS), WINDOW_SLOTS);
        this.limit = new Limit(0, explorationRate, 0);
    }

    /** What the cap imposes now. */
    public Limit limit() {
        return limit;
    }

    /** The sends per second this replica allows the partner. */
    public double sendsPerSecond() {
        return sendsPerSecond;
    }

    /** Counts one request for the partner, scored {@code likelihood}, arriving at {@code nanos} (a {@link Ticker}). */
    public void record(double likelihood, long nanos) {
        long[] counts;
        long coveredNanos;
        if (histogram.record(likelihood, nanos)) {
            counts = new long[SlidingScoreHistogram.BUCKETS];
            coveredNanos = histogram.window(histogram.epochOf(nanos), counts);
            firstSlotCompleted |= coveredNanos > 0;
        } else if (!firstSlotCompleted && isEstimatePoint(firstSlotRequests.incrementAndGet())) {
            counts = new long[SlidingScoreHistogram.BUCKETS];
            coveredNanos = histogram.current(nanos, counts);
        } else {
            return;
        }
        if (coveredNanos > 0) {
            limit = limitFrom(counts, coveredNanos / 1e9);
        }
    }

    private static boolean isEstimatePoint(long requests) {
        return requests >= FIRST_ESTIMATE && (requests & (requests - 1)) == 0;
    }

    /** The limit for traffic like the {@code counts} seen over {@code seconds}. */
    private Limit limitFrom(long[] counts, double seconds) {
        long arrivals = 0;
        for (long count : counts) {
            arrivals += count;
        }
        double arrivalsPerSecond = arrivals / seconds;
        double allowedShare = sendsPerSecond / arrivalsPerSecond;
        if (arrivals == 0 || allowedShare >= 1) {
            return new Limit(0, explorationRate, arrivalsPerSecond);
        }
        double exploration = Math.min(explorationRate, allowedShare);
        // Sent: the explored share, plus the unexplored rest that scores at or above the threshold.
        double scoredShare = (allowedShare - exploration) / (1 - exploration);
        return new Limit(thresholdKeeping(counts, scoredShare * arrivals), exploration, arrivalsPerSecond);
    }

    /**
     * The score above which {@code keep} of the counted requests lie, interpolated inside its bucket; 1 when none
     * may be kept.
     */
    static double thresholdKeeping(long[] counts, double keep) {
        if (keep <= 0) {
            return 1.0;
        }
        double above = 0;
        for (int b = counts.length - 1; b >= 0; b--) {
            long count = counts[b];
            if (count > 0 && above + count >= keep) {
                return SlidingScoreHistogram.scoreAt(b + 1 - (keep - above) / count);
            }
            above += count;
        }
        return 0;
    }
}
