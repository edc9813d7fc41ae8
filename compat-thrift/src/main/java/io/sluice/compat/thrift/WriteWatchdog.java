package io.sluice.compat.thrift;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ends writes that do not return. A client that sends calls and never reads fills the socket buffers, and the
 * connection's worker then blocks in a socket write, where SO_TIMEOUT (a read timeout, the idle timeout's mechanism)
 * does not reach; a few such clients held every worker, and a stop waited out the whole drain timeout for them.
 * Java has no write timeout for blocking sockets, and closing the socket is the one way to end a blocked write: one
 * shared thread looks at every open connection a few times per write timeout and closes those whose current write
 * began longer ago than that.
 */
final class WriteWatchdog implements AutoCloseable {

    private final ConnectionTable table;
    private final long timeoutNanos;
    private final long periodMillis;
    private final LongAdder writeTimeouts;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread watchdog = new Thread(work, "thrift-write-watchdog");
        watchdog.setDaemon(true);
        return watchdog;
    });

    WriteWatchdog(ConnectionTable table, Duration writeTimeout, LongAdder writeTimeouts) {
        this.table = table;
        this.timeoutNanos = writeTimeout.toNanos();
        // A stuck write is ended between one and 1.25 write timeouts after it began (at most 1 s late).
        this.periodMillis = Math.max(10, Math.min(1_000, writeTimeout.toMillis() / 4));
        this.writeTimeouts = writeTimeouts;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::closeStuckWrites, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void closeStuckWrites() {
        long now = System.nanoTime();
        for (GuardedSocketTransport connection : table.open()) {
            if (connection.writingLongerThan(now, timeoutNanos) && connection.abort()) {
                writeTimeouts.increment();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
