package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A CPU cap for a server under test: its own group under the cgroup v1 cpu controller, allowed {@code quota} of CPU
 * time per {@code period}. A short period (10 ms) keeps each throttling stall short, as a container's CPU limit
 * would with the same setting. Removing the group on close needs the capped processes gone first.
 */
public final class CpuCap implements AutoCloseable {

    /** Where the cgroup v1 cpu controller is mounted on Linux. */
    public static final Path CONTROLLER = Path.of("/sys/fs/cgroup/cpu");

    private static final long MIN_QUOTA_MICROS = 1000;

    private final Path group;

    private CpuCap(Path group) {
        this.group = group;
    }

    /**
     * Creates group {@code name} under {@code controller}, capped to {@code share} of one CPU (0.25 = a quarter)
     * per {@code period}.
     */
    public static CpuCap create(Path controller, String name, double share, Duration period) throws IOException {
        if (!Files.isWritable(controller.resolve("cgroup.procs"))) {
            throw new IOException("no writable cgroup v1 cpu controller at " + controller
                    + " (needs Linux, cgroup v1 and root)");
        }
        Path group = controller.resolve(name);
        Files.createDirectories(group);
        long periodMicros = period.toNanos() / 1000;
        Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros(share, period)));
        return new CpuCap(group);
    }

    /**
     * CPU microseconds allowed per period for {@code share} of one CPU; refused under the kernel's 1 ms minimum
     * rather than rounded up to it, which would cap a short period at more than {@code share}.
     */
    static long quotaMicros(double share, Duration period) {
        if (!(share > 0)) {
            throw new IllegalArgumentException("CPU share must be positive, got " + share);
        }
        long quota = Math.round(share * period.toNanos() / 1000);
        if (quota < MIN_QUOTA_MICROS) {
            throw new IllegalArgumentException(share + " of a CPU per " + period.toMillis() + " ms period is " + quota
                    + " us of CPU, under the kernel's 1 ms minimum quota; use a period of at least "
                    + (long) Math.ceil(MIN_QUOTA_MICROS / share / 1000) + " ms");
        }
        return quota;
    }

    /** Moves process {@code pid}, all its threads, into the group. */
    public void add(long pid) throws IOException {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Moves thread {@code tid} out of the group to the controller's root, where it runs uncapped. */
    public void exempt(long tid) throws IOException {
        Files.writeString(group.getParent().resolve("tasks"), Long.toString(tid));
    }

    /** Periods in which the group was throttled so far ({@code nr_throttled} of {@code cpu.stat}). */
    public long throttledPeriods() throws IOException {
        for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
            if (line.startsWith("nr_throttled ")) {
                return Long.parseLong(line.substring("nr_throttled ".length()).trim());
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(group);
    }
}
