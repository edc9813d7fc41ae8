package io.sluice.service.grpc;

import io.sluice.shaping.Ticker;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that score gRPC requests, behind a bounded queue. Work that finds the queue full is refused at once
 * ({@link #trySubmit} returns false), so overload becomes fast RESOURCE_EXHAUSTED answers instead of an ever
 * longer queue that turns into timeouts for everyone. {@link #queueDelayNanos()} says how long work waits now, so
 * callers can refuse work the queue would only make late (see {@link ScoringAdmission}).
 */
public final class ScoringPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final BlockingQueue<Runnable> queue;
    private final Ticker ticker;
    private final int maxQueued;

    /** {@code threads} threads behind a queue of {@code maxQueued}; {@code ticker} times how long work waits. */
    public ScoringPool(int threads, int maxQueued, Ticker ticker) {
        AtomicInteger count = new AtomicInteger();
        this.maxQueued = maxQueued;
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
    private record Queued(Runnable work, long enqueuedNanos) implements Runnable {

        @Override
        public void run() {
            work.run();
        }
    }
}
