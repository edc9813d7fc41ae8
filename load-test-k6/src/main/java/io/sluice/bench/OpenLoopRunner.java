package io.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        awaitAnswers(List.of(recorder));
    }

    /** Offers {@code ratePerSecond} for {@code length} (at most the configured request count) and waits for answers. */
    public StepResult run(LoadProtocol protocol, double ratePerSecond, Duration length) {
        return runSlices(protocol, ratePerSecond, length, 1).get(0);
    }

    /**
     * As {@link #run}, on one schedule with no pause, but counted in {@code slices} consecutive parts of equal length:
     * how the answers change within a step (a server recovering), which separate steps would blur with the pause
     * between them. The in-flight limit counts every part's outstanding requests.
     */
    public List<StepResult> runSlices(LoadProtocol protocol, double ratePerSecond, Duration length, int slices) {
        double seconds = length.toNanos() / 1e9;
        long count = Math.min(maxRequests, Math.round(ratePerSecond * seconds));
        double periodNanos = 1e9 / ratePerSecond;
        List<StepRecorder> recorders = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long start = System.nanoTime() + START_DELAY_NANOS;
        for (int slice = 0; slice < slices; slice++) {
            long first = count * slice / slices;
            long end = count * (slice + 1) / slices;
            StepRecorder recorder = new StepRecorder();
            recorders.add(recorder);
            counts.add(end - first);
            try (LoadProtocol.Sender sender = protocol.begin(recorder)) {
                for (long i = first; i < end; i++) {
                    long intended = start + (long) (i * periodNanos);
                    for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    if (inFlight(recorders) >= maxInFlight) {
                        recorder.dropped();
                        continue;
                    }
                    recorder.sent();
                    sender.send(intended);
                }
            }
        }
        awaitAnswers(recorders);
        List<StepResult> results = new ArrayList<>();
        for (int slice = 0; slice < slices; slice++) {
            long sliceCount = counts.get(slice);
            results.add(StepResult.of(ratePerSecond, sliceCount * periodNanos / 1e9, sliceCount,
                    recorders.get(slice), deadline.toNanos()));
        }
        return results;
    }

    private static int inFlight(List<StepRecorder> recorders) {
        int inFlight = 0;
        for (StepRecorder recorder : recorders) {
            inFlight += recorder.inFlight();
        }
        return inFlight;
    }

    /** Waits up to the drain time for outstanding answers, then ends the step. */
    private void awaitAnswers(List<StepRecorder> recorders) {
        long drainUntil = System.nanoTime() + drain.toNanos();
        while (inFlight(recorders) > 0 && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        recorders.forEach(StepRecorder::end);
    }
}
