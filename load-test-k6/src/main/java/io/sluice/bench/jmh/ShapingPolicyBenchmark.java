package io.sluice.bench.jmh;

import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.DecisionSink;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.DecisionLogConfig;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.decisions.DecisionLog;
import io.sluice.shaping.PartnerPolicies;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.ShapingSettings;
import io.sluice.shaping.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the traffic-shaping policy adds to one in-process {@link ScoringService#score} call on the bundled model,
 * scoring all nine partners: {@code off} (no exploration, no cap: the threshold alone decides) against {@code on}
 * (exploration at the default 1% and a QPS cap on every partner, low enough to bind, so each request hashes its id,
 * reads the clock, reads every cap's limit and counts its score in every cap's window; and the decision log sampling
 * 1% of requests into files in a temporary folder). {@code scoringService} is
 * the whole call; {@code decisions} is the policy's part of it alone, the nine decisions of one request, which the
 * whole call's noise on a shared machine would hide.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShapingPolicyBenchmark {

    /** Sends per second each partner may receive when the policy is on: far below the benchmark's rate. */
    private static final double CAP_PER_PARTNER = 100;

    @Param({"off", "on"})
    public String policy;

    private ScoreRequest[] requests;
    private ScoringService scoring;
    private ShapingPolicy shaping;
    private ServingModel model;
    private DecisionLog decisionLog;
    private Path logFolder;
    private final PartnerScore.Builder decision = PartnerScore.newBuilder();
    private int next;

    @Setup
    public void setUp() throws Exception {
        requests = BenchmarkData.corpus().scoreRequests().toArray(new ScoreRequest[0]);
        SluiceConfig config = SluiceConfig.from(Settings.load(null, Map.of()));
        model = ModelLoader.bundled(config.model().serving());
        ModelRegistry registry = new ModelRegistry();
        registry.install(model);
        Map<String, Double> caps = new HashMap<>();
        model.partnerIds().forEach(partner -> caps.put(partner, CAP_PER_PARTNER));
        ShapingSettings settings = "on".equals(policy)
                ? new ShapingSettings(0.01, Map.of(), "benchmark", caps, 1, Duration.ofSeconds(10))
                : ShapingSettings.NONE;
        shaping = new ShapingPolicy(settings, Ticker.SYSTEM);
        DecisionSink decisions = DecisionSink.NONE;
        if ("on".equals(policy)) {
            DecisionLogConfig defaults = config.decisionLog();
            logFolder = Files.createTempDirectory("sluice-bench-log");
            decisionLog = new DecisionLog(new DecisionLogConfig(0.01, logFolder,
                    Optional.empty(), defaults.maxFileSize(), defaults.maxFileAge(), defaults.bufferRecords()),
                    config.model().s3());
            decisionLog.start();
            decisions = decisionLog;
        }
        scoring = ScoringService.withoutTelemetry(config.limits(), registry, shaping, decisions);
    }

    @TearDown
    public void tearDown() throws InterruptedException, IOException {
        if (decisionLog != null) {
            decisionLog.close(Duration.ofSeconds(30));
            try (Stream<Path> files = Files.list(logFolder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(logFolder);
        }
    }

    @Benchmark
    public ScoreResponse scoringService() throws Exception {
        return scoring.score(requests[next++ & BenchmarkData.MASK], CallDeadline.NONE);
    }

    @Benchmark
    public PartnerScore.Builder decisions() {
        int i = next++ & BenchmarkData.MASK;
        PartnerPolicies partners = shaping.forPartners(model.partnerIds());
        long requestKey = shaping.requestKey(requests[i].getBidRequest().getId());
        long now = shaping.now();
        for (int output = 0; output < model.partnerIds().size(); output++) {
            // A likelihood that varies with the request, spread like bid likelihoods.
            double likelihood = ((i * 31 + output * 17) & 255) / 1024.0;
            partners.decide(output, requestKey, now, likelihood, model.threshold(output),
                    model.thresholdSource(output), decision);
        }
        return decision;
    }
}
