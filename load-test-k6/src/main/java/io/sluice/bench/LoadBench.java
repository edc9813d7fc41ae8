package io.sluice.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.grpc.ClientInterceptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The load benchmark: in one run, starts each server under test (the empty gRPC and Thrift baselines, Sluice with
 * compiled inference, Sluice with per-request DL4J) as its own JVM on loopback, finds each one's max sustained rate
 * per protocol with the same open-loop generator, measures latency at 70% of it and goodput at 2x, and prints the
 * JSON report followed by a one-line summary.
 *
 * <p>Usage: {@code LoadBench [--budgets FILE] [--runs N] [--servers echo,sluice-compiled,sluice-dl4j]
 * [--server-cpus LIST] [--json FILE]}. {@code --server-cpus} pins every server under test to those CPUs
 * ({@code taskset -c} syntax), so that with the generator itself started under {@code taskset} on the other CPUs,
 * generator and server stop competing for the same cores. Every step is bounded in time and request count and
 * targets 127.0.0.1 only.
 */
public final class LoadBench {

    /** Seed of the request corpus every server and benchmark is driven with. */
    public static final long CORPUS_SEED = 20_260_601L;
    private static final int CORPUS_SIZE = 4096;
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g");
    private static final String ECHO = BenchServer.Kind.ECHO.label();
    private static final String COMPILED = BenchServer.Kind.SLUICE_COMPILED.label();
    private static final String DL4J = BenchServer.Kind.SLUICE_DL4J.label();

    private final Budgets.GeneratorBudget budget;
    private final Duration deadline;
    private final RequestCorpus corpus;
    private final OpenLoopRunner runner;
    private final Path logs;
    private final String serverCpus;

    LoadBench(Budgets budgets, Path logs, String serverCpus) {
        this.budget = budgets.generator();
        this.deadline = budgets.scenarios().get("grpc_unary").deadline();
        this.corpus = RequestCorpus.generate(CORPUS_SIZE, CORPUS_SEED);
        this.runner = new OpenLoopRunner(budget.maxInFlight(), budget.maxRequestsPerRun(), budget.drain(), deadline);
        this.logs = logs;
        this.serverCpus = serverCpus;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args, "LoadBench [--budgets FILE] [--runs N] "
                + "[--servers echo,sluice-compiled,sluice-dl4j] [--server-cpus LIST] [--json FILE]");
        Path budgetsFile = Path.of(options.getOrDefault("--budgets", Budgets.DEFAULT_FILE.toString()));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "1"));
        List<BenchServer.Kind> servers = new ArrayList<>();
        for (String name : options.getOrDefault("--servers", ECHO + "," + COMPILED + "," + DL4J).split(",")) {
            servers.add(BenchServer.Kind.of(name));
        }
        String serverCpus = options.getOrDefault("--server-cpus", "");
        LoadBench bench = new LoadBench(Budgets.load(budgetsFile), Path.of("load-test-k6", "target", "bench-logs"),
                serverCpus);
        BenchReport.Machine machine = BenchReport.Machine.here(serverCpus);
        List<BenchReport.Run> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            results.add(bench.run(run, servers));
        }
        Map<String, Spread> summary = summarise(results);
        BenchReport report = new BenchReport(machine, bench.budget, results, summary, summaryLine(summary, runs));
        String json = gson().toJson(report);
        if (options.containsKey("--json")) {
            Files.writeString(Path.of(options.get("--json")), json);
        }
        System.out.println(json);
        System.out.println(report.line());
        System.exit(0);
    }

    /** {@code --name value} pairs; anything else is refused with {@code usage}. */
    static Map<String, String> parse(String[] args, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: " + usage + "; bad argument " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** One repetition over every server, each in a fresh process. */
    BenchReport.Run run(int run, List<BenchServer.Kind> servers) throws Exception {
        List<BenchReport.ProtocolFigures> figures = new ArrayList<>();
        Map<String, SequentialThriftRun> sequential = new LinkedHashMap<>();
        for (BenchServer.Kind kind : servers) {
            progress("run %d: starting %s", run, kind.label());
            try (ServerProcess server = ServerProcess.start(kind, serverCpus, SERVER_JVM_OPTIONS,
                    logs.resolve(kind.label() + "-run" + run + ".log"))) {
                for (LoadProtocol protocol : protocolsFor(kind, server)) {
                    try (protocol) {
                        figures.add(measure(kind, protocol, server));
                    }
                }
                sequential.put(kind.label(), SequentialThriftRun.measure(budget.host(), server.thriftPort(),
                        corpus.legacyRequests(), budget.sequentialRequests()));
                progress("run %d: %s sequential thrift %s", run, kind.label(), sequential.get(kind.label()));
            }
        }
        return new BenchReport.Run(figures, sequential);
    }

    /** The legacy design (per-request DL4J) is measured on the protocols it served: unary calls and Thrift. */
    private List<LoadProtocol> protocolsFor(BenchServer.Kind kind, ServerProcess server) throws Exception {
        List<LoadProtocol> protocols = new ArrayList<>();
        for (String protocol : kind == BenchServer.Kind.SLUICE_DL4J ? List.of("grpc-unary", "thrift")
                : List.of("grpc-unary", "grpc-stream", "thrift")) {
            protocols.add(driver(protocol, server, budget, corpus, deadline));
        }
        return protocols;
    }

    /** The generator's driver for {@code protocol} (grpc-unary, grpc-stream, thrift) against {@code server}. */
    static LoadProtocol driver(String protocol, ServerProcess server, Budgets.GeneratorBudget budget,
                               RequestCorpus corpus, Duration deadline) throws Exception {
        return driver(protocol, server, budget, corpus, deadline, List.of());
    }

    /** As {@link #driver(String, ServerProcess, Budgets.GeneratorBudget, RequestCorpus, Duration)}, its gRPC
     *  channels calling through {@code grpcInterceptors}. */
    static LoadProtocol driver(String protocol, ServerProcess server, Budgets.GeneratorBudget budget,
                               RequestCorpus corpus, Duration deadline, List<ClientInterceptor> grpcInterceptors)
            throws Exception {
        return switch (protocol) {
            case "grpc-unary" -> new GrpcUnaryLoad(new GrpcChannels(budget.host(), server.grpcPort(),
                    budget.grpcChannels(), grpcInterceptors), corpus.scoreRequests(), deadline);
            case "grpc-stream" -> new GrpcStreamLoad(new GrpcChannels(budget.host(), server.grpcPort(),
                    budget.grpcChannels(), grpcInterceptors), corpus.scoreRequests());
            // Half the deadline for waiting, so that a request sent has the other half for its answer.
            case "thrift" -> new ThriftLoad(budget.host(), server.thriftPort(), budget.thriftConnections(),
                    budget.maxInFlight(), deadline.dividedBy(2), corpus.legacyRequests());
            default -> throw new IllegalArgumentException("unknown protocol '" + protocol
                    + "'; one of grpc-unary, grpc-stream, thrift");
        };
    }

    private BenchReport.ProtocolFigures measure(BenchServer.Kind kind, LoadProtocol protocol, ServerProcess server) {
        String label = kind.label() + " " + protocol.name();
        runner.warmUp(protocol, budget.warmupRequests(), budget.warmupConcurrency(), budget.warmup());
        MaxRateSearch.Result search = new MaxRateSearch(budget.startRatePerSecond(), budget.maxRatePerSecond(),
                budget.bisectSteps()).find(rate -> {
                    StepResult step = runner.run(protocol, rate, budget.step());
                    progress("%s: %.0f/s offered -> %.0f/s ok, p99 %.2f ms, failures %s, dropped %d", label,
                            rate, step.succeededPerSecond(), step.p99Ms(), step.failures(), step.dropped());
                    if (!sustained(step)) {
                        pause(budget.recovery());
                    }
                    return step;
                }, this::sustained);
        double max = search.maxSustainedPerSecond();
        StepResult atFraction = max > 0 ? runner.run(protocol, budget.reportFractionOfMax() * max, budget.report()) : null;
        // Overload only matters for the server we ship; the baselines have no queue to protect.
        StepResult overload = null;
        if (kind == BenchServer.Kind.SLUICE_COMPILED && !protocol.name().equals("grpc-stream") && max > 0) {
            overload = runner.run(protocol, budget.overloadFactor() * max, budget.overload());
            pause(budget.recovery());
        }
        progress("%s: max sustained %.0f/s; at %.0f%%: p50 %.2f p99 %.2f p999 %.2f ms; overload goodput %s", label,
                max, 100 * budget.reportFractionOfMax(), atFraction == null ? Double.NaN : atFraction.p50Ms(),
                atFraction == null ? Double.NaN : atFraction.p99Ms(),
                atFraction == null ? Double.NaN : atFraction.p999Ms(),
                overload == null ? "-" : String.format("%.0f/s %s", overload.goodputPerSecond(), overload.failures()));
        return new BenchReport.ProtocolFigures(kind.label(), protocol.name(), max, atFraction, overload,
                server.peakResidentBytes(), server.alive(), search.steps());
    }

    private boolean sustained(StepResult step) {
        return step.sustained(budget.sustainedCompletionRatio(), budget.sustainedP99Ms());
    }

    /** Idles for {@code length}, so a server that fell behind can work off its backlog before the next step. */
    static void pause(Duration length) {
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server recovered", e);
        }
    }

    /** Median and range over runs of every headline figure; ratios are taken within each run first. */
    static Map<String, Spread> summarise(List<BenchReport.Run> runs) {
        Map<String, Spread> summary = new LinkedHashMap<>();
        for (String protocol : List.of("grpc-unary", "grpc-stream", "thrift")) {
            for (String server : List.of(ECHO, COMPILED, DL4J)) {
                String key = server + "." + protocol;
                put(summary, key + ".max_per_second", runs, run -> figure(run, server, protocol,
                        f -> f.maxSustainedPerSecond()));
                put(summary, key + ".p50_ms_at_70pct", runs, run -> figure(run, server, protocol,
                        f -> f.atReportFraction() == null ? null : f.atReportFraction().p50Ms()));
                put(summary, key + ".p99_ms_at_70pct", runs, run -> figure(run, server, protocol,
                        f -> f.atReportFraction() == null ? null : f.atReportFraction().p99Ms()));
                put(summary, key + ".p999_ms_at_70pct", runs, run -> figure(run, server, protocol,
                        f -> f.atReportFraction() == null ? null : f.atReportFraction().p999Ms()));
                put(summary, key + ".overload_goodput_vs_max", runs, run -> figure(run, server, protocol,
                        f -> f.overload() == null ? null : f.overload().goodputPerSecond() / f.maxSustainedPerSecond()));
                put(summary, key + ".overload_peak_rss_mib", runs, run -> figure(run, server, protocol,
                        f -> f.overload() == null ? null : f.serverPeakRssBytes() / 1048576.0));
            }
            for (String server : List.of(COMPILED, DL4J)) {
                put(summary, server + "." + protocol + ".max_vs_echo", runs, run -> ratio(run, server, protocol));
            }
        }
        for (String server : List.of(ECHO, COMPILED, DL4J)) {
            put(summary, server + ".sequential_thrift.per_second", runs, run -> sequential(run, server,
                    SequentialThriftRun::perSecond));
            put(summary, server + ".sequential_thrift.p99_ms", runs, run -> sequential(run, server,
                    SequentialThriftRun::p99Ms));
        }
        return summary;
    }

    private static void put(Map<String, Spread> summary, String key, List<BenchReport.Run> runs,
                            Function<BenchReport.Run, Double> value) {
        List<Double> values = new ArrayList<>();
        for (BenchReport.Run run : runs) {
            Double v = value.apply(run);
            if (v != null) {
                values.add(v);
            }
        }
        if (!values.isEmpty()) {
            summary.put(key, Spread.of(values));
        }
    }

    private static Double figure(BenchReport.Run run, String server, String protocol,
                                 Function<BenchReport.ProtocolFigures, Double> value) {
        return run.protocols().stream()
                .filter(f -> f.server().equals(server) && f.protocol().equals(protocol))
                .findFirst().map(value).orElse(null);
    }

    private static Double ratio(BenchReport.Run run, String server, String protocol) {
        Double mine = figure(run, server, protocol, BenchReport.ProtocolFigures::maxSustainedPerSecond);
        Double echo = figure(run, ECHO, protocol, BenchReport.ProtocolFigures::maxSustainedPerSecond);
        return mine == null || echo == null || echo == 0 ? null : mine / echo;
    }

    private static Double sequential(BenchReport.Run run, String server, Function<SequentialThriftRun, Double> value) {
        SequentialThriftRun figures = run.sequentialThrift().get(server);
        return figures == null ? null : value.apply(figures);
    }

    static String summaryLine(Map<String, Spread> s, int runs) {
        StringBuilder line = new StringBuilder("SUMMARY (" + runs + " run" + (runs == 1 ? "" : "s")
                + ", median (min-max)):");
        for (String protocol : List.of("grpc-unary", "grpc-stream", "thrift")) {
            String key = COMPILED + "." + protocol;
            line.append(' ').append(protocol).append(": sluice ").append(fmt(s, key + ".max_per_second", 0))
                    .append("/s = ").append(fmt(s, key + ".max_vs_echo", 2)).append("x echo, p99@70% ")
                    .append(fmt(s, key + ".p99_ms_at_70pct", 2)).append(" ms, dl4j ")
                    .append(fmt(s, DL4J + "." + protocol + ".max_vs_echo", 2)).append("x echo;");
        }
        line.append(" overload 2x goodput/max grpc ").append(fmt(s, COMPILED + ".grpc-unary.overload_goodput_vs_max", 2))
                .append(" thrift ").append(fmt(s, COMPILED + ".thrift.overload_goodput_vs_max", 2))
                .append("; sequential thrift ").append(fmt(s, COMPILED + ".sequential_thrift.per_second", 0))
                .append("/s p99 ").append(fmt(s, COMPILED + ".sequential_thrift.p99_ms", 2))
                .append(" ms (legacy, other hardware: 3760/s, p99 0.7 ms)");
        return line.toString();
    }

    private static String fmt(Map<String, Spread> summary, String key, int decimals) {
        Spread spread = summary.get(key);
        return spread == null ? "n/a" : spread.format(decimals);
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    static Gson gson() {
        return new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .registerTypeAdapter(Duration.class, new Budgets.K6DurationAdapter())
                .create();
    }
}
