package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time a Linux process has used, all its threads together (utime + stime of {@code /proc/PID/stat}). Threads
 * that have exited still count: the kernel adds their time to the process's.
 */
public final class ProcessCpu {

    /**
     * Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}): the kernel ABI fixes USER_HZ at 100
     * on every architecture Sluice runs on.
     */
    static final long TICKS_PER_SECOND = 100;
    /** utime and stime are fields 14 and 15; counting from the field after the command's ')' they are 12 and 13. */
    private static final int UTIME_AFTER_COMMAND = 11;

    private final Path stat;

    ProcessCpu(Path stat) {
        this.stat = stat;
    }

    /** The process {@code pid}. */
    public static ProcessCpu of(long pid) {
        return new ProcessCpu(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU time used so far (user + system), at the clock-tick resolution of 10 ms. */
    public Duration used() throws IOException {
        return Duration.ofMillis(ticks(Files.readString(stat)) * 1000 / TICKS_PER_SECOND);
    }

    /**
     * utime + stime in clock ticks from one {@code /proc/PID/stat} line. The command name in parentheses may hold
     * spaces and parentheses itself, so fields are counted from its last ')'.
     */
    static long ticks(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(end + 1).trim().split("\\s+");
        if (fields.length <= UTIME_AFTER_COMMAND + 1) {
            throw new IllegalArgumentException("/proc/PID/stat line has too few fields: " + statLine);
        }
        return Long.parseLong(fields[UTIME_AFTER_COMMAND]) + Long.parseLong(fields[UTIME_AFTER_COMMAND + 1]);
    }
}
