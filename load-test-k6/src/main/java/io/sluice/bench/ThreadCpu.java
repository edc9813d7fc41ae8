package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time of a Linux process's threads, grouped by thread name with its digits taken out ({@code scoring-1} and
 * {@code scoring-2} are one group; the kernel keeps 15 characters of a name, so Netty's event loops are
 * {@code grpc-nio-worker}): where a server's CPU goes during a step. Read from
 * {@code /proc/PID/task/TID/schedstat}, whose first field is the thread's run time in nanoseconds (the tick counts
 * of {@code stat} are 10 ms coarse, a few dozen ticks in a capped step). Threads that exit between two snapshots
 * lose their last interval.
 */
public final class ThreadCpu {

    private final Path tasks;

    private ThreadCpu(Path tasks) {
        this.tasks = tasks;
    }

    /** The threads of process {@code pid}. */
    public static ThreadCpu of(long pid) {
        return new ThreadCpu(Path.of("/proc", Long.toString(pid), "task"));
    }

    /** Run time so far, in nanoseconds, per thread id. */
    public Map<String, Long> snapshot() {
        Map<String, Long> byThread = new HashMap<>();
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String schedstat = Files.readString(thread.resolve("schedstat")).trim();
                    String name = Files.readString(thread.resolve("comm")).trim();
                    byThread.put(thread.getFileName() + " " + name,
                            Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                } catch (NoSuchFileException exited) {
                    // The thread ended while being read.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byThread;
    }

    /** The ids of the threads whose name {@code name} accepts. */
    public List<Long> threadIds(Predicate<String> name) {
        List<Long> ids = new ArrayList<>();
        snapshot().keySet().forEach(thread -> {
            int space = thread.indexOf(' ');
            if (name.test(thread.substring(space + 1))) {
                ids.add(Long.parseLong(thread.substring(0, space)));
            }
        });
        return ids;
    }

    /**
     * CPU milliseconds between two snapshots per thread group, largest first; a thread absent from {@code before}
     * started in between and counts whole.
     */
    public static Map<String, Double> millisByGroup(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> byGroup = new HashMap<>();
        after.forEach((thread, nanos) -> byGroup.merge(group(thread.substring(thread.indexOf(' ') + 1)),
                (nanos - before.getOrDefault(thread, 0L)) / 1e6, Double::sum));
        Map<String, Double> sorted = new LinkedHashMap<>();
        byGroup.entrySet().stream()
                .filter(e -> e.getValue() >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0));
        return sorted;
    }

    /** A thread's group: its name without digits, runs of dashes made one. */
    static String group(String threadName) {
        return threadName.replaceAll("\\d+", "").replaceAll("-{2,}", "-").replaceAll("[-#\\s]+$", "");
    }
}
