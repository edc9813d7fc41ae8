package io.sluice.compat.thrift;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The legacy endpoint's workers: one thread per connection, at most {@code thrift.max-connections}, handed
 * connections through a {@link SynchronousQueue} (the shape of libthrift's default pool).
 *
 * <p>When every worker is taken, libthrift refuses the new connection, which lets whoever holds the connections deny
 * everyone else with connections that send nothing or drip a message a byte at a time. Here the connection that has
 * gone longest without completing a message is closed instead and its worker takes the new one. A connection that
 * completed a message within the protection window is never evicted: it is calling, and a burst of new connections
 * must not churn the clients that are. When every connection is, the new one is refused as before.
 *
 * <p>Stopping does not interrupt the workers (see {@link #shutdownNow()}); connections are drained instead.
 */
final class ConnectionPool extends ThreadPoolExecutor {

    /** How long the acceptor waits for an evicted connection's worker to come free (it notices the close at once). */
    private static final long HANDOFF_MILLIS = 1_000;

    ConnectionPool(int maxConnections, ConnectionTable table, Duration protection, LongAdder evictions) {
        super(1, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), new WorkerThreads(),
                new Evict(table, protection.toNanos(), evictions));
    }

    /**
     * Shuts down like {@link #shutdown()}, without interrupting the workers. TThreadPoolServer calls this once it
     * stops accepting, and an interrupt would reach a handler in the middle of a call (a DL4J network checkout then
     * fails and the call is answered with an internal error) and end each worker's loop right after its current call,
     * closing the connection on a call already received behind it. {@link ConnectionTable#drain()} closes each
     * connection once it is idle instead. Nothing is ever queued (a SynchronousQueue), so nothing is returned.
     */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    /** The rejection policy: make room by evicting, else refuse. Runs on the acceptor thread. */
    private static final class Evict implements RejectedExecutionHandler {

        private final ConnectionTable table;
        private final long protectionNanos;
        private final LongAdder evictions;

        Evict(ConnectionTable table, long protectionNanos, LongAdder evictions) {
            this.table = table;
            this.protectionNanos = protectionNanos;
            this.evictions = evictions;
        }

        @Override
        public void rejectedExecution(Runnable newConnection, ThreadPoolExecutor pool) {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the legacy endpoint is stopping");
            }
            GuardedSocketTransport victim = victim(System.nanoTime());
            if (victim == null) {
                throw new RejectedExecutionException("every legacy connection is calling");
            }
            if (victim.abort()) {
                evictions.increment();
            }
            try {
                // The evicted connection's worker sees its socket closed, ends, and polls the queue for work.
                if (pool.getQueue().offer(newConnection, HANDOFF_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new RejectedExecutionException("no legacy worker came free");
        }

        /** The open connection holding a worker that has gone longest without completing a message, if unprotected. */
        private GuardedSocketTransport victim(long now) {
            GuardedSocketTransport oldest = null;
            for (GuardedSocketTransport connection : table.open()) {
                if (!connection.isOpen() || !connection.holdsWorker()
                        || connection.completedMessageWithin(now, protectionNanos)) {
                    continue;
                }
                if (oldest == null || connection.progressNanos() - oldest.progressNanos() < 0) {
                    oldest = connection;
                }
            }
            return oldest;
        }
    }

    /** Daemon threads, as libthrift's default pool makes, named for thread dumps. */
    private static final class WorkerThreads implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "thrift-worker-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        }
    }
}
