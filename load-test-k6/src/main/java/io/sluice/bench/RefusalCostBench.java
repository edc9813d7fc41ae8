package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a refusal costs a gRPC server against an answer: server CPU per unary call of the echo server (every call
 * answered) and of the same transport refusing every call RESOURCE_EXHAUSTED from its headers ({@link
 * BenchServer.Kind#REFUSING}), at one fixed rate, in interleaved rounds, CPU read from {@code /proc} less what the
 * server burns idle (as {@link CpuPerCallBench} does). A server whose CPU is spent at capacity C on calls costing c
 * each, offered f C and refusing at r each, answers G with G c + (f C - G) r = C c, so
 * G / C = (1 - f r/c) / (1 - r/c): the ratio r/c alone says which overload factor any refusal policy survives.
 *
 * <p>Usage: {@code RefusalCostBench [--rounds 3] [--rate 2000] [--window-seconds 10] [--idle-seconds 3]
 * [--server-cpus 1] [--budgets FILE] [--json FILE]}; run it on the other CPUs ({@code run-benchmarks.sh refusal}).
 * Bounded: rounds x 2 windows; loopback only.
 */
public final class RefusalCostBench {

    private static final String USAGE = "RefusalCostBench [--rounds 3] [--rate 2000] [--window-seconds 10] "
            + "[--idle-seconds 3] [--server-cpus 1] [--budgets FILE] [--json FILE]";
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");
    private static final List<BenchServer.Kind> SERVERS = List.of(BenchServer.Kind.ECHO, BenchServer.Kind.REFUSING);
    private static final int CORPUS_SIZE = 4096;

    /**
     * One round.
     *
     * @param round           round number, from 1
     * @param answer          the echo server's CPU per call, every call answered
     * @param refusal         the refusing server's CPU per call, every call refused
     * @param refusalVsAnswer refusal / answer CPU per call
     */
    public record Round(int round, CpuPerCall answer, CpuPerCall refusal, double refusalVsAnswer) {
    }

    /**
     * The JSON report.
     *
     * @param machine         where and when it ran
     * @param ratePerSecond   the fixed offered rate
     * @param rounds          every round
     * @param medianRatio     median of the rounds' refusal / answer ratios
     * @param goodputAt2x     goodput / capacity at twice capacity that ratio allows, refusing all the excess
     * @param goodputAt4x     the same at four times capacity
     */
    public record Report(BenchReport.Machine machine, double ratePerSecond, List<Round> rounds, double medianRatio,
                         double goodputAt2x, double goodputAt4x) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadBench.parse(args, USAGE);
        Budgets budgets = Budgets.load(Path.of(options.getOrDefault("--budgets", Budgets.DEFAULT_FILE.toString())));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        double rate = Double.parseDouble(options.getOrDefault("--rate", "2000"));
        Duration window = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--window-seconds", "10")));
        Duration idle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--idle-seconds", "3")));
        String serverCpus = options.getOrDefault("--server-cpus", "1");
        Budgets.GeneratorBudget budget = budgets.generator();
        Duration deadline = budgets.scenarios().get("grpc_unary").deadline();
        OpenLoopRunner runner = new OpenLoopRunner(budget.maxInFlight(), budget.maxRequestsPerRun(), budget.drain(),
                deadline);
        RequestCorpus corpus = RequestCorpus.generate(CORPUS_SIZE, LoadBench.CORPUS_SEED);

        List<ServerProcess> servers = new ArrayList<>();
        List<LoadProtocol> drivers = new ArrayList<>();
        List<Round> results = new ArrayList<>();
        try {
            for (BenchServer.Kind kind : SERVERS) {
                ServerProcess server = ServerProcess.start(kind, serverCpus, SERVER_JVM_OPTIONS,
                        Path.of("load-test-k6", "target", "bench-logs", kind.label() + "-refusal-cost.log"));
                servers.add(server);
                LoadProtocol driver = LoadBench.driver("grpc-unary", server, budget, corpus, deadline);
                drivers.add(driver);
                LoadBench.progress("%s: warming up", kind.label());
                runner.warmUp(driver, budget.warmupRequests(), budget.warmupConcurrency(), budget.warmup());
            }
            for (int round = 1; round <= rounds; round++) {
                CpuPerCall[] perCall = new CpuPerCall[SERVERS.size()];
                for (int k = 0; k < SERVERS.size(); k++) {
                    // Alternate the order, so neither server always runs right after the other's load.
                    int i = round % 2 == 1 ? k : SERVERS.size() - 1 - k;
                    perCall[i] = sample(runner, drivers.get(i), servers.get(i), rate, window, idle);
                    LoadBench.progress("round %d %s: %.1f us CPU per call, %d calls", round,
                            SERVERS.get(i).label(), perCall[i].micros(), perCall[i].answered());
                }
                results.add(new Round(round, perCall[0], perCall[1], perCall[1].micros() / perCall[0].micros()));
            }
        } finally {
            drivers.forEach(LoadProtocol::close);
            for (ServerProcess server : servers) {
                server.close();
            }
        }
        double ratio = Spread.of(results.stream().map(Round::refusalVsAnswer).toList()).median();
        Report report = new Report(BenchReport.Machine.here(serverCpus), rate, results, ratio,
                goodputVsCapacity(2, ratio), goodputVsCapacity(4, ratio));
        String json = LoadBench.gson().toJson(report);
        if (options.containsKey("--json")) {
            Files.writeString(Path.of(options.get("--json")), json);
        }
        System.out.println(json);
        System.out.printf(Locale.ROOT, "refusal / answer CPU per call: median %.3f over %d rounds; refusing all the "
                + "excess leaves at most %.2f of capacity at 2x and %.2f at 4x%n", ratio, results.size(),
                report.goodputAt2x(), report.goodputAt4x());
        System.exit(0);
    }

    /** Goodput over capacity at {@code factor} times capacity when a refusal costs {@code ratio} of an answer. */
    static double goodputVsCapacity(double factor, double ratio) {
        return Math.max(0, (1 - factor * ratio) / (1 - ratio));
    }

    /** The server's CPU per call (answered or refused) over one window at {@code rate}, idle CPU taken out. */
    private static CpuPerCall sample(OpenLoopRunner runner, LoadProtocol driver, ServerProcess server, double rate,
                                     Duration window, Duration idle) throws Exception {
        ProcessCpu cpu = ProcessCpu.of(server.pid());
        Duration idleBefore = cpu.used();
        long idleStart = System.nanoTime();
        Thread.sleep(idle.toMillis());
        double idleRate = CpuPerCall.rate(cpu.used().minus(idleBefore),
                Duration.ofNanos(System.nanoTime() - idleStart));
        Duration before = cpu.used();
        long start = System.nanoTime();
        StepResult step = runner.run(driver, rate, window);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long calls = step.succeeded() + step.failures().values().stream().mapToLong(Long::longValue).sum();
        return CpuPerCall.of(cpu.used().minus(before), elapsed, idleRate, calls);
    }
}
