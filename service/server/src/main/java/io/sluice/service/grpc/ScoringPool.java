package io.sluice.service.grpc;

import io.sluice.shaping.Ticker;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that score gRPC requests, behind a bounded queue. Work that finds the queue full is refused at once
 * ({@link #trySubmit} returns false), so overload becomes fast RESOURCE_EXHAUSTED answers instead of an ever
 * longer queue that turns into timeouts for everyone. {@link #queueDelayNanos()} says how long work waits now, and
 * {@link #standingQueueDelayNanos()} whether that wait is a standing queue rather than a burst, so callers can
 * refuse work the queue would only make late (see {@link ScoringAdmission}).
 *
 * <p>A standing queue is told from a burst as CoDel does: work has left the queue after waiting longer than the
 * target ({@code scoring.max-queue-delay}) for a whole {@link #INTERVAL}. A burst, such as the backlog after the
 * process was paused by a garbage collection or by its container's CPU quota, drains within the interval, and work
 * leaving after it has waited less than the target; refusing during it would shed load a server has capacity for.
 */
public final class ScoringPool implements AutoCloseable {

    /** How long work must keep waiting over the target before the queue counts as standing (CoDel's default). */
    public static final Duration INTERVAL = Duration.ofMillis(100);

    private final ThreadPoolExecutor executor;
    private final BlockingQueue<Runnable> queue;
    private final Ticker ticker;
    private final int maxQueued;
    private final long targetNanos;
    /** When work leaving the queue will have waited over the target for an interval; 0 while under the target. */
    private volatile long standingAtNanos;

    /**
     * {@code threads} threads behind a queue of {@code maxQueued}; {@code target} is the wait a standing queue
     * exceeds, and {@code ticker} times how long work waits.
     */
    public ScoringPool(int threads, int maxQueued, Duration target, Ticker ticker) {
        AtomicInteger count = new AtomicInteger();
        this.maxQueued = maxQueued;
        this.targetNanos = target.toNanos();
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.ticker = ticker;
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, runnable -> {
            Thread thread = new Thread(runnable, "scoring-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code work}; false when the queue is full (or the pool is shut down). */
    public boolean trySubmit(Runnable work) {
        try {
            executor.execute(new Queued(work, ticker.nanos()));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Requests waiting for a thread. */
    public int queued() {
        return queue.size();
    }

    /** Requests that may wait for a thread. */
    public int maxQueued() {
        return maxQueued;
    }

    /**
     * How long the oldest work still waiting for a thread has waited, in nanoseconds; 0 when none waits. Unlike the
     * wait of the last work to leave the queue, it keeps growing while every thread is stuck, and it is 0 as soon
     * as the queue is empty, so admission resumes the moment the backlog is gone.
     */
    public long queueDelayNanos() {
        Runnable oldest = queue.peek();
        return oldest instanceof Queued queued ? Math.max(0, ticker.nanos() - queued.enqueuedNanos) : 0;
    }

    /** The wait a standing queue exceeds. */
    public Duration target() {
        return Duration.ofNanos(targetNanos);
    }

    /**
     * {@link #queueDelayNanos()} when the queue is standing: its oldest work has waited over the target and either
     * work has left it after waiting over the target for a whole interval, or the oldest has waited over the
     * target for an interval itself (every thread is stuck). Otherwise 0.
     */
    public long standingQueueDelayNanos() {
        long waited = queueDelayNanos();
        if (waited <= targetNanos) {
            return 0;
        }
        long standingAt = standingAtNanos;
        boolean standing = standingAt != 0 && ticker.nanos() >= standingAt
                || waited >= targetNanos + INTERVAL.toNanos();
        return standing ? waited : 0;
    }

    /** Notes how long work that leaves the queue now waited (CoDel's "first above time"). */
    private void left(long enqueuedNanos) {
        long now = ticker.nanos();
        if (now - enqueuedNanos <= targetNanos) {
            standingAtNanos = 0;
        } else if (standingAtNanos == 0) {
            standingAtNanos = now + INTERVAL.toNanos();
        }
    }

    /** Lets queued work finish (up to {@code timeoutMillis}), then stops the threads. */
    public void drain(long timeoutMillis) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Work with the time it was queued. */
    private final class Queued implements Runnable {

        private final Runnable work;
        private final long enqueuedNanos;

        Queued(Runnable work, long enqueuedNanos) {
            this.work = work;
            this.enqueuedNanos = enqueuedNanos;
        }

        @Override
        public void run() {
            left(enqueuedNanos);
            work.run();
        }
    }
}
