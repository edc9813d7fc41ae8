package io.sluice.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a protocol at a constant arrival rate (open loop): request i is due at {@code start + i / rate} whether or
 * not earlier ones have been answered. Every step is bounded in time and count; requests beyond the in-flight limit
 * are dropped and counted, never queued without bound.
 */
public final class OpenLoopRunner {

    private static final long DRAIN_POLL_NANOS = 1_000_000;
    private static final long START_DELAY_NANOS = 1_000_000;
    private static final long WARMUP_POLL_NANOS = 20_000;

    private final int maxInFlight;
    private final long maxRequests;
    private final Duration drain;
    private final Duration deadline;

    /**
     * @param maxInFlight requests outstanding at once
     * @param maxRequests upper bound on the requests of one step
     * @param drain       how long to wait for answers after the last send
     * @param deadline    answers slower than this do not count as goodput
     */
    public OpenLoopRunner(int maxInFlight, long maxRequests, Duration drain, Duration deadline) {
        this.maxInFlight = maxInFlight;
        this.maxRequests = maxRequests;
        this.drain = drain;
        this.deadline = deadline;
    }

    /**
     * Unrecorded warmup: {@code requests} sent as fast as answers come back, at most {@code concurrency} at a time
     * and for at most {@code timeLimit}, so a cold JIT is warmed without flooding the server.
     */
    public void warmUp(LoadProtocol protocol, int requests, int concurrency, Duration timeLimit) {
        StepRecorder recorder = new StepRecorder();
        long until = System.nanoTime() + timeLimit.toNanos();
        try (LoadProtocol.Sender sender = protocol.begin(recorder)) {
            for (int i = 0; i < requests && System.nanoTime() < until; i++) {
                while (recorder.inFlight() >= concurrency && System.nanoTime() < until) {
                    LockSupport.parkNanos(WARMUP_POLL_NANOS);
                }
                recorder.sent();
                sender.send(System.nanoTime());
            }
        }
        awaitAnswers(recorder);
    }

    /** Offers {@code ratePerSecond} for {@code length} (at most the configured request count) and waits for answers. */
    public StepResult run(LoadProtocol protocol, double ratePerSecond, Duration length) {
        double seconds = length.toNanos() / 1e9;
        long count = Math.min(maxRequests, Math.round(ratePerSecond * seconds));
        double periodNanos = 1e9 / ratePerSecond;
        StepRecorder recorder = new StepRecorder();
        long start = System.nanoTime() + START_DELAY_NANOS;
        try (LoadProtocol.Sender sender = protocol.begin(recorder)) {
            for (long i = 0; i < count; i++) {
                long intended = start + (long) (i * periodNanos);
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (recorder.inFlight() >= maxInFlight) {
                    recorder.dropped();
                    continue;
                }
                recorder.sent();
                sender.send(intended);
            }
        }
        awaitAnswers(recorder);
        return StepResult.of(ratePerSecond, count * periodNanos / 1e9, count, recorder, deadline.toNanos());
    }

    /** Waits up to the drain time for outstanding answers, then ends the step. */
    private void awaitAnswers(StepRecorder recorder) {
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (recorder.inFlight() > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        recorder.end();
    }
}
