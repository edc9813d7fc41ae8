package io.sluice.training;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongFunction;

/**
 * Progress of a long job on stderr: a redrawn bar on a terminal, one line every few seconds otherwise (CI logs).
 */
public final class ProgressBar {

    private static final long TERMINAL_REFRESH_NANOS = 250_000_000L;
    private static final long LOG_REFRESH_NANOS = 5_000_000_000L;
    private static final int WIDTH = 30;
    /** A rate measured over less time than this (JIT warm-up, the first batch) predicts nothing. */
    private static final double MIN_SECONDS_FOR_ETA = 2.0;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final Unit unit;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    /** What a bar counts, and how many of them make the unit its rate is shown in. */
    public enum Unit {
        ROWS("rows", 1),
        BYTES("MB", 1 << 20);

        private final String shownAs;
        private final double perShown;

        Unit(String shownAs, double perShown) {
            this.shownAs = shownAs;
            this.perShown = perShown;
        }
    }

    /** A bar counting up to {@code total} {@code unit}, redrawn in place when {@code terminal}. */
    public ProgressBar(PrintStream out, String label, long total, Unit unit, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.unit = unit;
        this.terminal = terminal;
    }

    /** Makes bars on stderr for a given total, redrawn in place when stderr is a terminal. */
    public static LongFunction<ProgressBar> onStderr(String label, Unit unit) {
        boolean terminal = System.console() != null;
        return total -> new ProgressBar(System.err, label, total, unit, terminal);
    }

    /** Makes bars that draw nowhere, for callers that want no progress shown. */
    public static LongFunction<ProgressBar> hidden() {
        PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        return total -> new ProgressBar(nowhere, "", total, Unit.ROWS, false);
    }

    /** Whether {@link #update} would draw now, so a caller can skip computing what only a drawn bar shows. */
    public boolean isDue() {
        return System.nanoTime() - lastDrawNanos >= (terminal ? TERMINAL_REFRESH_NANOS : LOG_REFRESH_NANOS);
    }

    /** Draws the bar if enough time has passed since the last draw. */
    public void update(long done, String detail) {
        if (!isDue()) {
            return;
        }
        long now = System.nanoTime();
        lastDrawNanos = now;
        draw(done, detail, now);
    }

    /** Draws the final state and ends the line. */
    public void finish(long done, String detail) {
        draw(done, detail, System.nanoTime());
        if (terminal) {
            out.println();
        }
    }

    private void draw(long done, String detail, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
        double rate = done / seconds;
        String eta = rate > 0 && seconds >= MIN_SECONDS_FOR_ETA
                ? format(Duration.ofSeconds((long) ((total - done) / rate))) : "--:--:--";
        int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format("%s [%s] %3d%% | %,.0f %s/s | %s | ETA %s", label, bar,
                (int) (100.0 * done / total), rate / unit.perShown, unit.shownAs, detail, eta);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String format(Duration d) {
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
