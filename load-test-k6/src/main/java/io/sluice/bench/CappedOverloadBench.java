package io.sluice.bench;

import io.grpc.ClientInterceptor;
import io.sluice.client.AdaptiveThrottle;
import io.sluice.client.ThrottleSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Overload made measurable on one machine: each server under test runs under a CPU cap (cgroup v1 cpu controller)
 * so small that the generator, on a whole CPU of its own, can offer several times the capped server's capacity.
 * Per server (echo first: the floor's own behaviour, then Sluice) and protocol: find the capacity under the cap
 * (the highest rate whose calls are answered within the deadline), then offer each overload factor times it, then
 * right after each, one second at {@value #RECOVERY_FRACTION} of capacity, counted in {@value #RECOVERY_SLICES}
 * parts, to see whether and how soon the server recovered.
 * Each server is warmed up uncapped, normal calls and then overload's (refusals, deadlines, resets), and its JIT
 * compiler threads stay outside the cap.
 *
 * <p>Capacity: the budget's search (doubling, then bisection; a failed step is tried twice) finds a candidate in
 * short steps, which one stall of the capped process can pass or fail by luck. The candidate is then confirmed by
 * a step as long as an overload step; if that fails, the rate is multiplied by {@value #CONFIRM_BACKOFF} and tried
 * again, at most {@value #CONFIRM_ATTEMPTS} times. Each confirmation step also yields the rate the quota pays
 * for at the CPU per call it measured, a cross-check that needs no deadline. Where the server's CPU went in each
 * overload step is reported per thread group ({@link ThreadCpu}).
 *
 * <p>The floor for refusals: {@code refusing} (after a Sluice server in {@code --servers}) is the echo server's
 * transport refusing every call from its headers, capped alike and offered the same rates as that Sluice server's
 * overload steps. What it cannot refuse in time under the quota, no server refusing per call can.
 *
 * <p>{@code --client-throttle K} calls the gRPC servers (not {@code refusing}) through the client's
 * {@link AdaptiveThrottle} with accepts multiplier K and the default window, one per driver: the generator then
 * behaves as a caller following Sluice's advice, and the excess it refuses itself never reaches the server.
 *
 * <p>Usage: {@code CappedOverloadBench [--cpu-share 0.25] [--cpu-period-ms 10] [--factors 2,4]
 * [--overload-seconds 5] [--servers echo,sluice-compiled[,refusing]] [--protocols grpc-unary,thrift]
 * [--server-cpus 1] [--sluice-set key=value,...] [--client-throttle K] [--budgets FILE] [--json FILE]}.
 * {@code --sluice-set} applies Sluice settings (not to echo, grpc-java's defaults). Needs root and a writable
 * {@code /sys/fs/cgroup/cpu}.
 * Bounded by the budget's search and request caps; loopback only.
 */
public final class CappedOverloadBench {

    private static final String USAGE = "CappedOverloadBench [--cpu-share 0.25] [--cpu-period-ms 10] [--factors 2,4] "
            + "[--overload-seconds 5] [--servers echo,sluice-compiled[,refusing]] [--protocols grpc-unary,thrift] "
            + "[--server-cpus 1] [--sluice-set key=value,...] [--client-throttle K] [--budgets FILE] [--json FILE]";
    /** All JIT compiler threads from the start, so that each is left out of the cap (see {@link #exemptJit}). */
    private static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g",
            "-XX:-UseDynamicNumberOfCompilerThreads");
    private static final double RECOVERY_FRACTION = 0.7;
    private static final Duration RECOVERY_STEP = Duration.ofSeconds(1);
    private static final int RECOVERY_SLICES = 4;
    /**
     * Unrecorded load at the search's start rate right after the cap is applied: the JIT's and collector's
     * pending work then runs at the capped share, and a search started at once measured that (set E's capped gRPC
     * capacities were too low: both servers then served 2x and 4x of them).
     */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /**
     * The overload warm-up, also before the cap: calls this many at a time, with each of {@link #RUSHED_DEADLINES},
     * so that the paths only overload takes (refusals from the in-flight limit, deadlines passing in the queue,
     * calls the client resets) are compiled too. Without it the C2 compiler took up to half the quota in an overload
     * step, compiling those paths, and the server's capacity under the cap halved from one run to the next.
     */
    private static final int RUSHED_CONCURRENCY = 512;
    private static final List<Duration> RUSHED_DEADLINES = List.of(Duration.ofMillis(2), Duration.ofNanos(200_000));
    private static final double CONFIRM_BACKOFF = 0.85;
    private static final int CONFIRM_ATTEMPTS = 4;
    private static final int CORPUS_SIZE = 4096;

    /**
     * One overload factor against one capped server and protocol.
     *
     * @param factor            offered rate / capacity
     * @param overload          the overload step
     * @param goodputVsCapacity answers within the deadline per second, over the capacity
     * @param recovery          the one-second step at 70% of capacity right after the overload, in consecutive
     *                          quarters
     * @param throttledPeriods  CPU periods in which the cap throttled the server during both steps
     * @param peakRssMib        the server's peak resident memory afterwards
     * @param alive             whether the server was still running afterwards
     * @param cpuMillisByThread the server's CPU milliseconds during the overload step, per thread group
     */
    public record Overload(double factor, StepResult overload, double goodputVsCapacity, List<StepResult> recovery,
                           long throttledPeriods, double peakRssMib, boolean alive,
                           Map<String, Double> cpuMillisByThread) {
    }

    /**
     * One confirmation step of a capacity candidate.
     *
     * @param step           the step
     * @param sustained      whether its calls were answered within the deadline
     * @param cpuMicrosPerOk the server's CPU time per successful call during it
     * @param quotaPaysFor   calls per second the cap's share pays for at that CPU per call
     */
    public record Confirmation(StepResult step, boolean sustained, double cpuMicrosPerOk, double quotaPaysFor) {
    }

    /**
     * One capped server driven over one protocol.
     *
     * @param server            echo, sluice-compiled or refusing
     * @param settings          Sluice settings given with {@code --sluice-set} (none for echo)
     * @param clientThrottle    the callers' throttle, as {@code --client-throttle} gave it (empty: none)
     * @param protocol          grpc-unary, grpc-stream or thrift
     * @param capacityPerSecond the highest rate sustained under the cap, confirmed (0: none confirmed); for the
     *                          refusing server, the Sluice server's whose rates it was offered
     * @param search            every step of the capacity search
     * @param confirmations     the confirmation steps, the last one sustained unless none was
     * @param overloads         one entry per factor
     */
    public record Figures(String server, List<String> settings, String clientThrottle, String protocol,
                          double capacityPerSecond,
                          List<StepResult> search, List<Confirmation> confirmations, List<Overload> overloads) {
    }

    /**
     * The JSON report.
     *
     * @param machine  where and when it ran
     * @param cpuShare share of one CPU each server was capped to
     * @param period   the cap's accounting period
     * @param figures  per server and protocol
     */
    public record Report(BenchReport.Machine machine, double cpuShare, Duration period, List<Figures> figures) {
    }

    private final Budgets.GeneratorBudget budget;
    private final Duration deadline;
    private final RequestCorpus corpus = RequestCorpus.generate(CORPUS_SIZE, LoadBench.CORPUS_SEED);
    private final OpenLoopRunner runner;
    private final Optional<ThrottleSettings> clientThrottle;

    CappedOverloadBench(Budgets budgets, Optional<ThrottleSettings> clientThrottle) {
        this.budget = budgets.generator();
        this.clientThrottle = clientThrottle;
        this.deadline = budgets.scenarios().get("grpc_unary").deadline();
        this.runner = new OpenLoopRunner(budget.maxInFlight(), budget.maxRequestsPerRun(), budget.drain(), deadline);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadBench.parse(args, USAGE);
        Budgets budgets = Budgets.load(Path.of(options.getOrDefault("--budgets", Budgets.DEFAULT_FILE.toString())));
        double share = Double.parseDouble(options.getOrDefault("--cpu-share", "0.25"));
        Duration period = Duration.ofMillis(Long.parseLong(options.getOrDefault("--cpu-period-ms", "10")));
        CpuCap.quotaMicros(share, period); // refuses a cap the kernel cannot apply before any server starts
        List<Double> factors = new ArrayList<>();
        for (String factor : options.getOrDefault("--factors", "2,4").split(",")) {
            factors.add(Double.parseDouble(factor));
        }
        Duration overload = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--overload-seconds", "5")));
        String serverCpus = options.getOrDefault("--server-cpus", "1");
        List<String> protocols = List.of(options.getOrDefault("--protocols", "grpc-unary,thrift").split(","));
        String sluiceSet = options.getOrDefault("--sluice-set", "");
        List<String> sluiceSettings = sluiceSet.isEmpty() ? List.of() : List.of(sluiceSet.split(","));
        // Checked before any server starts: a malformed setting fails now, not after the echo server's run.
        BenchServer.settings(sluiceSettings);
        List<BenchServer.Kind> servers = new ArrayList<>();
        for (String server : options.getOrDefault("--servers", "echo,sluice-compiled").split(",")) {
            servers.add(BenchServer.Kind.of(server));
        }
        int refusing = servers.indexOf(BenchServer.Kind.REFUSING);
        if (refusing >= 0 && servers.subList(0, refusing).stream().noneMatch(BenchServer.Kind::isSluice)) {
            System.err.println("CappedOverloadBench: refusing is offered a Sluice server's overload rates, so a "
                    + "Sluice server must come before it in --servers");
            System.exit(2);
        }
        Optional<ThrottleSettings> clientThrottle = Optional.ofNullable(options.get("--client-throttle"))
                .map(k -> new ThrottleSettings(Double.parseDouble(k), ThrottleSettings.DEFAULTS.window()));
        CappedOverloadBench bench = new CappedOverloadBench(budgets, clientThrottle);
        BenchReport.Machine machine = BenchReport.Machine.here(serverCpus);
        List<Figures> figures = new ArrayList<>();
        for (BenchServer.Kind kind : servers) {
            figures.addAll(bench.measure(kind, kind.isSluice() ? sluiceSettings : List.of(), protocols,
                    share, period, factors, overload, serverCpus, figures));
        }
        String json = LoadBench.gson().toJson(new Report(machine, share, period, figures));
        if (options.containsKey("--json")) {
            Files.writeString(Path.of(options.get("--json")), json);
        }
        System.out.println(json);
        System.out.println(table(figures));
        System.exit(0);
    }

    /**
     * One server, capped, over every protocol. {@code earlier} holds the figures measured before it: the refusing
     * server is offered the rates of the last Sluice server's figures for the same protocol.
     */
    List<Figures> measure(BenchServer.Kind kind, List<String> settings, List<String> protocols, double share,
                          Duration period, List<Double> factors, Duration overloadLength, String serverCpus,
                          List<Figures> earlier) throws Exception {
        List<Figures> figures = new ArrayList<>();
        String group = "sluice-bench-" + ProcessHandle.current().pid() + "-" + kind.label();
        try (CpuCap cap = CpuCap.create(CpuCap.CONTROLLER, group, share, period)) {
            try (ServerProcess server = ServerProcess.start(kind, settings, serverCpus, SERVER_JVM_OPTIONS,
                    Path.of("load-test-k6", "target", "bench-logs", kind.label() + "-capped.log"))) {
                List<LoadProtocol> drivers = new ArrayList<>();
                try {
                    for (String protocol : protocols) {
                        drivers.add(LoadBench.driver(protocol, server, budget, corpus, deadline,
                                throttle(kind)));
                    }
                    // Warmed up before the cap, as a server in production is: JIT-compiling under a quarter of a
                    // CPU would measure the interpreter.
                    for (LoadProtocol driver : drivers) {
                        LoadBench.progress("%s %s: warming up, not capped yet", kind.label(), driver.name());
                        runner.warmUp(driver, budget.warmupRequests(), budget.warmupConcurrency(), budget.warmup());
                        for (Duration deadline : RUSHED_DEADLINES) {
                            try (LoadProtocol rushed = LoadBench.driver(driver.name(), server, budget, corpus,
                                    deadline)) {
                                runner.warmUp(rushed, budget.warmupRequests(), RUSHED_CONCURRENCY, budget.warmup());
                            }
                        }
                    }
                    cap.add(server.pid());
                    exemptJit(cap, server.pid());
                    for (LoadProtocol driver : drivers) {
                        LoadBench.progress("%s %s: settling under the cap", kind.label(), driver.name());
                        runner.run(driver, budget.startRatePerSecond(), SETTLE);
                    }
                    for (LoadProtocol driver : drivers) {
                        Capacity capacity = kind == BenchServer.Kind.REFUSING
                                ? Capacity.of(sluiceCapacity(earlier, driver.name()))
                                : findCapacity(kind.label() + " " + driver.name() + " (capped)", driver, server,
                                        share, overloadLength);
                        figures.add(measure(kind.label(), settings, throttleLabel(kind), driver, server, cap,
                                capacity, factors, overloadLength));
                    }
                } finally {
                    drivers.forEach(LoadProtocol::close);
                }
            }
        }
        return figures;
    }

    /** A new client throttle for a driver against {@code kind}, if {@code --client-throttle} asked for one. */
    private List<ClientInterceptor> throttle(BenchServer.Kind kind) {
        return throttleSettings(kind).<List<ClientInterceptor>>map(t -> List.of(AdaptiveThrottle.create(t)))
                .orElse(List.of());
    }

    /** How {@link #throttle} calls {@code kind}, for the report ("" for no throttle). */
    private String throttleLabel(BenchServer.Kind kind) {
        return throttleSettings(kind).map(t -> String.format(Locale.ROOT, "client throttle K=%s, window %d ms",
                t.acceptsMultiplier(), t.window().toMillis())).orElse("");
    }

    /** The throttle's settings for callers of {@code kind}: none for the refusing floor, which must see every call. */
    private Optional<ThrottleSettings> throttleSettings(BenchServer.Kind kind) {
        return clientThrottle.filter(t -> kind != BenchServer.Kind.REFUSING);
    }

    /**
     * Leaves the JIT compiler threads out of the cap. Compiling is a one-time cost that a long-running server has
     * paid, but under a quarter of a CPU it was not done after the warm-ups: C1 and C2 took from 45 to 760 ms of an
     * overload step's 1,250 ms quota, so the capacity found for one build ranged from 1,875/s to 4,500/s between
     * runs, and a step measured the compiler. Their CPU is still reported with the server's other threads.
     */
    private static void exemptJit(CpuCap cap, long pid) throws IOException {
        for (long tid : ThreadCpu.of(pid).threadIds(name -> name.startsWith("C1 CompilerThre")
                || name.startsWith("C2 CompilerThre"))) {
            cap.exempt(tid);
        }
    }

    /**
     * The rate a capped server is overloaded against: found by the search and confirmed, or, for the refusing
     * server, another server's.
     *
     * @param perSecond     the capacity (0: none confirmed)
     * @param search        the search's steps (none when given)
     * @param confirmations the confirmation steps (none when given)
     */
    record Capacity(double perSecond, List<StepResult> search, List<Confirmation> confirmations) {

        /** A capacity taken from elsewhere, not measured on this server. */
        static Capacity of(double perSecond) {
            return new Capacity(perSecond, List.of(), List.of());
        }
    }

    /** The capacity of the last Sluice server in {@code figures} on {@code protocol}, or 0 if it confirmed none. */
    private static double sluiceCapacity(List<Figures> figures, String protocol) {
        for (int i = figures.size() - 1; i >= 0; i--) {
            Figures f = figures.get(i);
            if (f.protocol().equals(protocol) && BenchServer.Kind.of(f.server()).isSluice()) {
                return f.capacityPerSecond();
            }
        }
        return 0;
    }

    private Capacity findCapacity(String label, LoadProtocol driver, ServerProcess process, double share,
                                  Duration overloadLength) {
        MaxRateSearch.Result search = new MaxRateSearch(budget.startRatePerSecond(), budget.maxRatePerSecond(),
                budget.bisectSteps()).find(rate -> {
                    StepResult step = runner.run(driver, rate, budget.step());
                    LoadBench.progress("%s: %.0f/s offered -> %.0f/s ok, p99 %.2f ms, failures %s", label, rate,
                            step.succeededPerSecond(), step.p99Ms(), step.failures());
                    if (!sustained(step)) {
                        LoadBench.pause(budget.recovery());
                    }
                    return step;
                }, this::sustained);
        List<Confirmation> confirmations = new ArrayList<>();
        ThreadCpu threads = ThreadCpu.of(process.pid());
        double capacity = 0;
        for (double rate = search.maxSustainedPerSecond(); rate > 0 && confirmations.size() < CONFIRM_ATTEMPTS;
                rate *= CONFIRM_BACKOFF) {
            Map<String, Long> before = threads.snapshot();
            StepResult step = runner.run(driver, rate, overloadLength);
            double cpuMillis = ThreadCpu.millisByGroup(before, threads.snapshot()).values().stream()
                    .mapToDouble(Double::doubleValue).sum();
            double cpuMicrosPerOk = step.succeeded() == 0 ? 0 : 1000 * cpuMillis / step.succeeded();
            Confirmation c = new Confirmation(step, sustained(step), cpuMicrosPerOk,
                    cpuMicrosPerOk == 0 ? 0 : share * 1e6 / cpuMicrosPerOk);
            confirmations.add(c);
            LoadBench.progress("%s: confirming %.0f/s for %ds -> %.0f/s in time, failures %s: %s; %.0f us CPU per "
                            + "answer, so the quota pays for %.0f/s", label, rate, overloadLength.toSeconds(),
                    step.goodputPerSecond(), step.failures(), c.sustained() ? "sustained" : "not sustained",
                    cpuMicrosPerOk, c.quotaPaysFor());
            if (c.sustained()) {
                capacity = rate;
                break;
            }
            LoadBench.pause(budget.recovery());
        }
        return new Capacity(capacity, search.steps(), confirmations);
    }

    private Figures measure(String server, List<String> settings, String clientThrottle, LoadProtocol driver,
                            ServerProcess process, CpuCap cap, Capacity found, List<Double> factors,
                            Duration overloadLength)
            throws IOException {
        String label = server + " " + driver.name() + " (capped)";
        ThreadCpu threads = ThreadCpu.of(process.pid());
        double capacity = found.perSecond();
        List<Overload> overloads = new ArrayList<>();
        for (double factor : factors) {
            if (capacity <= 0) {
                break;
            }
            long throttledBefore = cap.throttledPeriods();
            Map<String, Long> before = threads.snapshot();
            StepResult overload = runner.run(driver, factor * capacity, overloadLength);
            Map<String, Double> cpu = ThreadCpu.millisByGroup(before, threads.snapshot());
            List<StepResult> recovery = runner.runSlices(driver, RECOVERY_FRACTION * capacity, RECOVERY_STEP,
                    RECOVERY_SLICES);
            Overload o = new Overload(factor, overload, overload.goodputPerSecond() / capacity, recovery,
                    cap.throttledPeriods() - throttledBefore, process.peakResidentBytes() / 1048576.0,
                    process.alive(), cpu);
            LoadBench.progress("%s: %.0fx capacity (%.0f/s): goodput %.0f/s = %.2f of capacity, failures %s, "
                            + "refusal p99 %.2f ms (in the client %.2f ms), dropped %d; recovery at 70%%: %s ok",
                    label, factor, factor * capacity, overload.goodputPerSecond(), o.goodputVsCapacity(),
                    overload.failures(), overload.refusedP99Ms(), overload.throttledP99Ms(), overload.dropped(),
                    recoveryText(recovery));
            LoadBench.progress("%s: %.0fx capacity: server CPU ms by thread %s", label, factor, cpu);
            overloads.add(o);
            LoadBench.pause(budget.recovery());
        }
        return new Figures(server, settings, clientThrottle, driver.name(), capacity, found.search(),
                found.confirmations(), overloads);
    }

    /**
     * Capacity under a cap is what the server answers within the call deadline: the budget's p99 bound would
     * measure the cap's throttling stalls (up to a period less the quota each) rather than the server keeping up.
     */
    private boolean sustained(StepResult step) {
        return step.intended() > 0
                && step.goodputPerSecond() * step.seconds() >= budget.sustainedCompletionRatio() * step.intended();
    }

    /** Answers over requests in the whole recovery step, then per part: "3100 / 3150 (700 / 788, 800 / 787, ...)". */
    static String recoveryText(List<StepResult> slices) {
        long succeeded = slices.stream().mapToLong(StepResult::succeeded).sum();
        long intended = slices.stream().mapToLong(StepResult::intended).sum();
        return succeeded + " / " + intended + " (" + slices.stream()
                .map(slice -> slice.succeeded() + " / " + slice.intended())
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The figures as a Markdown table. */
    static String table(List<Figures> figures) {
        StringBuilder out = new StringBuilder("| server | settings | protocol | capacity /s | factor | "
                + "goodput / capacity | "
                + "failures | refusal p99 ms: server / client | success p99 ms | recovery: ok / sent in 1 s at 70% "
                + "(by quarter) | peak RSS MiB |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Figures f : figures) {
            for (Overload o : f.overloads()) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0fx | %.2f | %s, dropped %d | %.2f / "
                                + "%.2f | %.2f | %s | %.0f |%n", f.server(),
                        (String.join(" ", f.settings()) + " " + f.clientThrottle()).strip(),
                        f.protocol(), f.capacityPerSecond(),
                        o.factor(), o.goodputVsCapacity(), o.overload().failures(), o.overload().dropped(),
                        o.overload().refusedP99Ms(), o.overload().throttledP99Ms(), o.overload().p99Ms(),
                        recoveryText(o.recovery()), o.peakRssMib()));
            }
        }
        return out.toString();
    }
}
