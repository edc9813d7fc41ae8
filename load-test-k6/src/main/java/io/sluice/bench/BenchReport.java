package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one invocation of {@link LoadBench} measured, serialised as its JSON output.
 *
 * @param machine   where and when it ran
 * @param generator the generator settings used
 * @param runs      each repetition's raw figures
 * @param summary   named figures as median and range over the runs (ratios are per run, then summarised)
 * @param line      the one-line summary
 */
public record BenchReport(Machine machine, Budgets.GeneratorBudget generator, List<Run> runs,
                          Map<String, Spread> summary, String line) {

    /**
     * The machine the figures come from.
     *
     * @param cores available processors
     * @param jdk   java.vm.name and java.version of the generator (servers use the same JVM)
     * @param os    os.name and os.version
     * @param date  ISO-8601 instant the run started
     * @param generatorCpus CPUs the generator may run on
     * @param serverCpus    CPUs the servers under test were pinned to, or "" when not pinned
     * @param loadAverage   the 1, 5 and 15-minute load averages at the start (from /proc/loadavg; "unknown" where
     *                      there is none): figures taken on a busy machine measure the other jobs too
     */
    public record Machine(int cores, String jdk, String os, String date, String generatorCpus, String serverCpus,
                          String loadAverage) {

        /** This machine and JVM, now, with the servers pinned to {@code serverCpus}. */
        public static Machine here(String serverCpus) {
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), Instant.now().toString(),
                    ServerProcess.generatorCpus(), serverCpus, currentLoadAverage());
        }

        private static String currentLoadAverage() {
            try {
                String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return String.join(" ", fields[0], fields[1], fields[2]);
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }

    /**
     * One repetition: every server and protocol measured with a fresh server process.
     *
     * @param protocols        per server and protocol figures
     * @param sequentialThrift single-connection sequential Thrift figures by server
     */
    public record Run(List<ProtocolFigures> protocols, Map<String, SequentialThriftRun> sequentialThrift) {
    }

    /**
     * One server driven over one protocol.
     *
     * @param server                server kind label (echo, sluice-compiled, sluice-dl4j)
     * @param protocol              grpc-unary, grpc-stream or thrift
     * @param maxSustainedPerSecond highest sustained constant rate found
     * @param atReportFraction      a longer step at the budget's fraction (70%) of that rate
     * @param overload              a step at the overload factor (2x) times that rate; null when not measured
     * @param serverPeakRssBytes    the server's peak resident memory after this protocol's steps
     * @param serverAlive           whether the server was still running afterwards
     * @param searchSteps           every step of the max-rate search
     */
    public record ProtocolFigures(String server, String protocol, double maxSustainedPerSecond,
                                  StepResult atReportFraction, StepResult overload, long serverPeakRssBytes,
                                  boolean serverAlive, List<StepResult> searchSteps) {
    }
}
