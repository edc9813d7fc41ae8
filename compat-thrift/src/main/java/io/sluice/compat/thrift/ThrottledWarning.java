package io.sluice.compat.thrift;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line for something that can happen on every call, written at most once per {@link #INTERVAL} with the
 * number of occurrences it stands for, so a client repeating a mistake cannot fill the disk with log lines. The
 * first occurrence is logged at once.
 */
final class ThrottledWarning {

    /** The shortest time between two lines. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Logger log;
    private final String message;
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * @param log     where the line goes
     * @param message an SLF4J format whose first {@code {}} is the number of occurrences since the last line and
     *                whose others are the latest occurrence's details
     */
    ThrottledWarning(Logger log, String message) {
        this.log = log;
        this.message = message;
    }

    /** Counts one occurrence, and writes the line with {@code latest} as its details if one is due. */
    void occurred(Object... latest) {
        long count = unlogged.incrementAndGet();
        long due = nextLogNanos.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextLogNanos.compareAndSet(due, now + INTERVAL.toNanos())) {
            unlogged.addAndGet(-count);
            Object[] arguments = new Object[latest.length + 1];
            arguments[0] = count;
            System.arraycopy(latest, 0, arguments, 1, latest.length);
            log.warn(message, arguments);
        }
    }
}
