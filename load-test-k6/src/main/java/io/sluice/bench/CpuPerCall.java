package io.sluice.bench;

import java.time.Duration;

/**
 * A server's CPU cost per answered call over one constant-rate window, with the CPU it burns when idle (timers,
 * GC, JIT, metrics) taken out first, so the figure is the work the calls caused.
 *
 * @param busyCpu     CPU the server used during the window
 * @param window      wall time of the window
 * @param idleCpuRate CPU the same server used per second of wall time while no calls came (0..cores)
 * @param answered    calls answered in the window
 * @param micros      CPU microseconds per answered call, after the idle share is subtracted; NaN with no answers
 */
public record CpuPerCall(Duration busyCpu, Duration window, double idleCpuRate, long answered, double micros) {

    /** The cost per call of a window that used {@code busyCpu} in {@code window} and answered {@code answered}. */
    public static CpuPerCall of(Duration busyCpu, Duration window, double idleCpuRate, long answered) {
        double idleNanos = idleCpuRate * window.toNanos();
        double micros = answered == 0 ? Double.NaN : Math.max(0, busyCpu.toNanos() - idleNanos) / 1e3 / answered;
        return new CpuPerCall(busyCpu, window, idleCpuRate, answered, micros);
    }

    /** CPU used per second of wall time: {@code cpu} over {@code window}, e.g. 0.02 for 20 ms a second. */
    public static double rate(Duration cpu, Duration window) {
        return window.isZero() ? 0 : (double) cpu.toNanos() / window.toNanos();
    }
}
