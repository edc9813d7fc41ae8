package io.sluice.service.grpc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that score gRPC requests, behind a bounded queue. Work that finds the queue full is refused at once
 * ({@link #trySubmit} returns false), so overload becomes fast RESOURCE_EXHAUSTED answers instead of an ever
 * longer queue that turns into timeouts for everyone.
 */
public final class ScoringPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public ScoringPool(int threads, int maxQueued) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued), runnable -> {
                    Thread thread = new Thread(runnable, "scoring-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code work}; false when the queue is full (or the pool is shut down). */
    public boolean trySubmit(Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Requests waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
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
}
