package io.sluice.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The latency floor of the machine itself, with no server and no network: a thread sleeps until each due time of a
 * constant-rate schedule (as the open-loop generator does) and hands a token to a second, parked thread (as every
 * request does several times between generator, event loops and worker threads). Reports how late each wake-up
 * is against its due time: the part of any measured latency that comes from the machine's scheduling, which no
 * server-side change removes.
 *
 * <p>Usage: {@code WakeupLatencyProbe [rate/s ...]} (default 500 2000 8000), 5 s per rate, one line per rate.
 */
public final class WakeupLatencyProbe {

    private static final Duration PER_RATE = Duration.ofSeconds(5);
    private static final long MAX_NANOS = 10_000_000_000L;

    private final Histogram scheduled = new Histogram(MAX_NANOS, 3);
    private final Histogram handedOff = new Histogram(MAX_NANOS, 3);
    private long[] dueTimes;
    /** Index of the last due time handed to the receiver; writing it publishes {@code dueTimes} up to it. */
    private volatile int published = -1;
    private volatile boolean running = true;

    public static void main(String[] args) throws InterruptedException {
        String[] rates = args.length > 0 ? args : new String[] {"500", "2000", "8000"};
        for (String rate : rates) {
            WakeupLatencyProbe probe = new WakeupLatencyProbe();
            probe.run(Integer.parseInt(rate));
            System.out.println(probe.summary(Integer.parseInt(rate)));
        }
    }

    private void run(int ratePerSecond) throws InterruptedException {
        long period = 1_000_000_000L / ratePerSecond;
        int count = (int) (PER_RATE.toNanos() / period);
        dueTimes = new long[count];
        Thread receiver = new Thread(this::receive, "probe-receiver");
        receiver.start();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long dueAt = start + i * period;
            long now;
            while ((now = System.nanoTime()) < dueAt) {
                LockSupport.parkNanos(dueAt - now);
            }
            scheduled.recordValue(now - dueAt);
            dueTimes[i] = dueAt;
            published = i;
            LockSupport.unpark(receiver);
        }
        running = false;
        LockSupport.unpark(receiver);
        receiver.join();
    }

    private void receive() {
        int consumed = -1;
        while (running || consumed < published) {
            int last = published;
            if (consumed < last) {
                long now = System.nanoTime();
                // Every hand-off since the last wake-up counts, so a slow wake-up is not hidden by a later one.
                for (int i = consumed + 1; i <= last; i++) {
                    handedOff.recordValue(now - dueTimes[i]);
                }
                consumed = last;
            } else {
                LockSupport.park();
            }
        }
    }

    private String summary(int ratePerSecond) {
        return String.format("%,d/s: sleeper late p50 %.3f p99 %.3f p99.9 %.3f ms; after one hand-off p50 %.3f "
                        + "p99 %.3f p99.9 %.3f ms (%,d hand-offs)", ratePerSecond,
                scheduled.getValueAtPercentile(50) / 1e6, scheduled.getValueAtPercentile(99) / 1e6,
                scheduled.getValueAtPercentile(99.9) / 1e6, handedOff.getValueAtPercentile(50) / 1e6,
                handedOff.getValueAtPercentile(99) / 1e6, handedOff.getValueAtPercentile(99.9) / 1e6,
                handedOff.getTotalCount());
    }
}
