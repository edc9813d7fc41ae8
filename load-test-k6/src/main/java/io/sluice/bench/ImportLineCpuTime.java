package io.sluice.bench;

import io.sluice.bench.jmh.ImportLineBenchmark;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@link ImportLineBenchmark}'s per-line work timed in CPU time rather than JMH's wall time: on a shared, loaded
 * machine a thread's wall time per line is mostly waiting for the core, while its CPU time plus the collector's
 * pauses is what a line costs a core. Each case runs warm-up passes first, then timed passes of the benchmark's 10,000
 * lines; prints, per timed pass, CPU microseconds per line and lines per CPU-second.
 *
 * <p>Usage: {@code ImportLineCpuTime [warm-up seconds] [timed passes]} (defaults 30 and 10).
 */
public final class ImportLineCpuTime {

    private static final int LINES_PER_PASS = 10_000;

    private ImportLineCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        Duration warmUp = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 30);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        ImportLineBenchmark bench = new ImportLineBenchmark();
        bench.lines();
        List<Case> cases = List.of(new Case("jacksonTreeBaseline", bench::jacksonTreeBaseline),
                new Case("parseRequestLine", bench::parseRequestLine),
                new Case("parseJoinWrite", bench::parseJoinWrite));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Case c : cases) {
            long warmUntil = threads.getCurrentThreadCpuTime() + warmUp.toNanos();
            while (threads.getCurrentThreadCpuTime() < warmUntil) {
                c.pass().call();
            }
            for (int pass = 1; pass <= passes; pass++) {
                long gcBefore = gcMillis();
                long cpuBefore = threads.getCurrentThreadCpuTime();
                c.pass().call();
                long cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore + (gcMillis() - gcBefore) * 1_000_000;
                double micros = cpuNanos / 1000.0 / LINES_PER_PASS;
                System.out.printf(Locale.ROOT, "%s pass %d: %.2f us CPU per line, %.0f lines per CPU-second%n",
                        c.name(), pass, micros, 1e6 / micros);
            }
        }
    }

    /** Collector time so far: its pauses stop this thread, and their CPU is the line's cost too. */
    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    /** One benchmark method: a pass over the benchmark's lines. */
    private record Case(String name, Callable<Long> pass) {
    }
}
