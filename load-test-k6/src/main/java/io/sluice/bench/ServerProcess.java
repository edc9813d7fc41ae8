package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link BenchServer} in its own JVM, so each server under test has its own heap, GC and JIT, as in production.
 * It is stopped by closing its standard input, and also dies with the generator for the same reason.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(BenchServer.READY_PREFIX + " grpc=(\\d+) thrift=(-?\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int grpcPort;
    private final int thriftPort;

    private ServerProcess(Process process, int grpcPort, int thriftPort) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.thriftPort = thriftPort;
    }

    /**
     * Starts {@code kind} with {@code jvmOptions}, on the CPUs {@code cpus} lists ({@code taskset -c} syntax, e.g.
     * "1"; empty = wherever the OS puts it), logging to {@code log}; returns once it serves.
     */
    public static ServerProcess start(BenchServer.Kind kind, String cpus, List<String> jvmOptions, Path log)
            throws IOException, InterruptedException {
        return start(kind, List.of(), cpus, jvmOptions, log);
    }

    /** As {@link #start(BenchServer.Kind, String, List, Path)}, Sluice with {@code settings} ({@code key=value}). */
    public static ServerProcess start(BenchServer.Kind kind, List<String> settings, String cpus,
                                      List<String> jvmOptions, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
                kind.label()));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // ND4J on 2 cores: one OpenMP thread per call (see shared notes); the generator sets it for itself too.
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    return new ServerProcess(process, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                }
            }
            if (!process.isAlive()) {
                throw new IOException(kind.label() + " exited with " + process.exitValue() + " before serving; see " + log);
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IOException(kind.label() + " did not serve within " + START_TIMEOUT + "; see " + log);
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int thriftPort() {
        return thriftPort;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** The CPUs the generator's own process may run on (Linux {@code Cpus_allowed_list}), or "unknown". */
    public static String generatorCpus() {
        return allowedCpus(Path.of("/proc/self/status"));
    }

    /** The CPUs the server process may run on, or "unknown". */
    public String serverCpus() {
        return allowedCpus(Path.of("/proc", Long.toString(process.pid()), "status"));
    }

    private static String allowedCpus(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** Peak resident memory of the server process so far (Linux VmHWM), or -1 where /proc is not available. */
    public long peakResidentBytes() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Whether the server is still running (it did not crash, e.g. out of memory, under load). */
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
