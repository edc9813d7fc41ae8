package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Server CPU per call at a fixed offered rate: the echo baselines and Sluice (compiled inference) run side by side
 * as child JVMs pinned to the server CPUs, the generator on the others; each round drives every protocol at one
 * constant rate well inside both servers' capacity, echo and Sluice interleaved (their order alternates by round),
 * and reads each server's CPU time from {@code /proc/PID/stat} around the window, less what it burns idle. CPU per
 * call is the inverse of calls per core, so this compares throughput without saturating anything.
 *
 * <p>Usage: {@code CpuPerCallBench [--rounds 5] [--rate 4000] [--window-seconds 10] [--idle-seconds 3]
 * [--server-cpus 1] [--protocols grpc-unary,grpc-stream,thrift] [--jfr DIR] [--server-jvm-options "OPTIONS"]
 * [--budgets FILE] [--json FILE]}. {@code --jfr DIR} records each server with Java Flight Recorder's profiling
 * settings into {@code DIR/KIND.jfr}. {@code --server-jvm-options} adds space-separated options to both servers'
 * JVMs, e.g. {@code "-Xlog:gc,safepoint:file=target/gc-%p.log:uptime"} (the progress lines name each server's pid).
 * Bounded: rounds x protocols x 2 windows of at most the budget's request cap each; loopback only.
 */
public final class CpuPerCallBench {

    private static final String USAGE = "CpuPerCallBench [--rounds 5] [--rate 4000] [--window-seconds 10] "
            + "[--idle-seconds 3] [--server-cpus 1] [--protocols grpc-unary,grpc-stream,thrift] [--jfr DIR] "
            + "[--server-jvm-options \"OPTIONS\"] [--budgets FILE] [--json FILE]";
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");
    private static final List<BenchServer.Kind> SERVERS = List.of(BenchServer.Kind.ECHO,
            BenchServer.Kind.SLUICE_COMPILED);
    private static final String ECHO = BenchServer.Kind.ECHO.label();
    private static final String SLUICE = BenchServer.Kind.SLUICE_COMPILED.label();
    private static final int CORPUS_SIZE = 4096;

    private final Budgets.GeneratorBudget budget;
    private final Duration deadline;
    private final RequestCorpus corpus = RequestCorpus.generate(CORPUS_SIZE, LoadBench.CORPUS_SEED);
    private final OpenLoopRunner runner;
    private final double rate;
    private final Duration window;
    private final Duration idleWindow;

    CpuPerCallBench(Budgets budgets, double rate, Duration window, Duration idleWindow) {
        this.budget = budgets.generator();
        this.deadline = budgets.scenarios().get("grpc_unary").deadline();
        this.runner = new OpenLoopRunner(budget.maxInFlight(), budget.maxRequestsPerRun(), budget.drain(), deadline);
        this.rate = rate;
        this.window = window;
        this.idleWindow = idleWindow;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadBench.parse(args, USAGE);
        Budgets budgets = Budgets.load(Path.of(options.getOrDefault("--budgets", Budgets.DEFAULT_FILE.toString())));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "5"));
        String serverCpus = options.getOrDefault("--server-cpus", "1");
        List<String> protocols = List.of(options.getOrDefault("--protocols", "grpc-unary,grpc-stream,thrift")
                .split(","));
        CpuPerCallBench bench = new CpuPerCallBench(budgets,
                Double.parseDouble(options.getOrDefault("--rate", "4000")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("--window-seconds", "10"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("--idle-seconds", "3"))));
        BenchReport.Machine machine = BenchReport.Machine.here(serverCpus);
        String jfr = options.getOrDefault("--jfr", "");
        String extraJvmOptions = options.getOrDefault("--server-jvm-options", "").trim();
        List<String> jvmOptions = new ArrayList<>(SERVER_JVM_OPTIONS);
        if (!extraJvmOptions.isEmpty()) {
            jvmOptions.addAll(List.of(extraJvmOptions.split("\\s+")));
        }
        List<CpuPerCallReport.Sample> samples = bench.measure(rounds, protocols, serverCpus, jvmOptions,
                Path.of("load-test-k6", "target", "bench-logs"), jfr.isEmpty() ? null : Path.of(jfr));
        Map<String, Spread> summary = summarise(samples);
        CpuPerCallReport report = new CpuPerCallReport(machine, bench.rate, bench.window, bench.idleWindow, samples,
                summary);
        String json = LoadBench.gson().toJson(report);
        if (options.containsKey("--json")) {
            Files.writeString(Path.of(options.get("--json")), json);
        }
        System.out.println(json);
        System.out.println(table(summary, protocols, rounds));
        System.exit(0);
    }

    /**
     * Starts both servers with {@code serverJvmOptions} (and recorded by Flight Recorder into {@code jfr} unless it
     * is null), warms every protocol on each, then runs the interleaved rounds.
     */
    List<CpuPerCallReport.Sample> measure(int rounds, List<String> protocols, String serverCpus,
                                          List<String> serverJvmOptions, Path logs, Path jfr) throws Exception {
        List<ServerProcess> servers = new ArrayList<>();
        Map<String, LoadProtocol> drivers = new LinkedHashMap<>();
        try {
            for (BenchServer.Kind kind : SERVERS) {
                LoadBench.progress("starting %s on CPUs %s", kind.label(), serverCpus);
                List<String> jvmOptions = new ArrayList<>(serverJvmOptions);
                if (jfr != null) {
                    Files.createDirectories(jfr);
                    jvmOptions.add("-XX:StartFlightRecording=settings=profile,filename="
                            + jfr.resolve(kind.label() + ".jfr").toAbsolutePath());
                }
                ServerProcess server = ServerProcess.start(kind, serverCpus, jvmOptions,
                        logs.resolve(kind.label() + "-cpu.log"));
                servers.add(server);
                LoadBench.progress("%s serving as pid %d", kind.label(), server.pid());
                for (String protocol : protocols) {
                    LoadProtocol driver = LoadBench.driver(protocol, server, budget, corpus, deadline);
                    drivers.put(kind.label() + " " + protocol, driver);
                    LoadBench.progress("warming %s %s", kind.label(), protocol);
                    runner.warmUp(driver, budget.warmupRequests(), budget.warmupConcurrency(), budget.warmup());
                    runner.run(driver, rate, window);
                }
            }
            List<CpuPerCallReport.Sample> samples = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (String protocol : protocols) {
                    for (int i = 0; i < SERVERS.size(); i++) {
                        // Alternate who goes first, so a drift in the machine's state does not favour one server.
                        int s = (i + round) % SERVERS.size();
                        String server = SERVERS.get(s).label();
                        samples.add(sample(round, server, protocol, servers.get(s), drivers.get(server + " " + protocol)));
                    }
                }
            }
            return samples;
        } finally {
            for (LoadProtocol driver : drivers.values()) {
                driver.close();
            }
            for (ServerProcess server : servers) {
                server.close();
            }
        }
    }

    /**
     * Idle CPU before and after the constant-rate window (no calls), CPU read around each. The smaller idle rate
     * is subtracted: right after other load a JVM is still compiling and collecting, which is not idling.
     */
    private CpuPerCallReport.Sample sample(int round, String server, String protocol, ServerProcess process,
                                           LoadProtocol driver) throws IOException, InterruptedException {
        ProcessCpu cpu = ProcessCpu.of(process.pid());
        double idleBefore = idleRate(cpu);
        Duration before = cpu.used();
        long start = System.nanoTime();
        StepResult step = runner.run(driver, rate, window);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Duration busy = cpu.used().minus(before);
        double idleRate = Math.min(idleBefore, idleRate(cpu));
        CpuPerCall perCall = CpuPerCall.of(busy, elapsed, idleRate, step.succeeded());
        LoadBench.progress("round %d %s %s: %.1f µs CPU per call (idle %.3f cores), %d answered, failures %s, "
                        + "p50 %.2f p99 %.2f p99.9 %.2f ms", round, server, protocol, perCall.micros(), idleRate,
                step.succeeded(), step.failures(), step.p50Ms(), step.p99Ms(), step.p999Ms());
        return new CpuPerCallReport.Sample(round, server, protocol, perCall, step);
    }

    /** The server's CPU per second of wall time over one idle window. */
    private double idleRate(ProcessCpu cpu) throws IOException, InterruptedException {
        Duration before = cpu.used();
        long start = System.nanoTime();
        Thread.sleep(idleWindow.toMillis());
        return CpuPerCall.rate(cpu.used().minus(before), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Per protocol: each server's CPU per call and latency, and Sluice / echo taken within each round. */
    static Map<String, Spread> summarise(List<CpuPerCallReport.Sample> samples) {
        Map<String, Spread> summary = new LinkedHashMap<>();
        List<String> protocols = samples.stream().map(CpuPerCallReport.Sample::protocol).distinct().toList();
        for (String protocol : protocols) {
            for (String server : List.of(ECHO, SLUICE)) {
                String key = server + "." + protocol;
                put(summary, key + ".cpu_us_per_call", samples, server, protocol, s -> s.cpu().micros());
                put(summary, key + ".p50_ms", samples, server, protocol, s -> s.step().p50Ms());
                put(summary, key + ".p99_ms", samples, server, protocol, s -> s.step().p99Ms());
                put(summary, key + ".p999_ms", samples, server, protocol, s -> s.step().p999Ms());
            }
            summary.put(SLUICE + "." + protocol + ".cpu_vs_echo", perRound(samples, protocol,
                    (sluice, echo) -> sluice.cpu().micros() / echo.cpu().micros()));
            summary.put(SLUICE + "." + protocol + ".p99_minus_echo_ms", perRound(samples, protocol,
                    (sluice, echo) -> sluice.step().p99Ms() - echo.step().p99Ms()));
        }
        return summary;
    }

    private static void put(Map<String, Spread> summary, String key, List<CpuPerCallReport.Sample> samples,
                            String server, String protocol, ToDoubleFunction<CpuPerCallReport.Sample> value) {
        summary.put(key, Spread.of(samples.stream()
                .filter(s -> s.server().equals(server) && s.protocol().equals(protocol))
                .map(value::applyAsDouble).toList()));
    }

    /** A figure comparing Sluice with echo in the same round, over every round that measured both. */
    private static Spread perRound(List<CpuPerCallReport.Sample> samples, String protocol,
                                   ToDoubleBiFunction<CpuPerCallReport.Sample, CpuPerCallReport.Sample> compare) {
        List<Double> values = new ArrayList<>();
        for (CpuPerCallReport.Sample sluice : samples) {
            if (!sluice.server().equals(SLUICE) || !sluice.protocol().equals(protocol)) {
                continue;
            }
            samples.stream()
                    .filter(e -> e.server().equals(ECHO) && e.protocol().equals(protocol)
                            && e.round() == sluice.round())
                    .findFirst()
                    .ifPresent(echo -> values.add(compare.applyAsDouble(sluice, echo)));
        }
        return Spread.of(values);
    }

    /** The summary as a Markdown table, median (min-max) over rounds. */
    static String table(Map<String, Spread> s, List<String> protocols, int rounds) {
        StringBuilder out = new StringBuilder("| protocol (" + rounds + " rounds) | echo µs CPU/call | "
                + "Sluice µs CPU/call | Sluice / echo | echo p50 / p99 / p99.9 ms | Sluice p50 / p99 / p99.9 ms | "
                + "Sluice p99 - echo p99, ms |\n|---|---|---|---|---|---|---|\n");
        for (String protocol : protocols) {
            out.append("| ").append(protocol)
                    .append(" | ").append(fmt(s, ECHO + "." + protocol + ".cpu_us_per_call", 1))
                    .append(" | ").append(fmt(s, SLUICE + "." + protocol + ".cpu_us_per_call", 1))
                    .append(" | ").append(fmt(s, SLUICE + "." + protocol + ".cpu_vs_echo", 2))
                    .append(" | ").append(latency(s, ECHO + "." + protocol))
                    .append(" | ").append(latency(s, SLUICE + "." + protocol))
                    .append(" | ").append(fmt(s, SLUICE + "." + protocol + ".p99_minus_echo_ms", 2))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String latency(Map<String, Spread> s, String key) {
        return fmt(s, key + ".p50_ms", 2) + " / " + fmt(s, key + ".p99_ms", 2) + " / " + fmt(s, key + ".p999_ms", 2);
    }

    private static String fmt(Map<String, Spread> summary, String key, int decimals) {
        Spread spread = summary.get(key);
        return spread == null || spread.values().isEmpty() ? "n/a" : spread.format(decimals);
    }
}
