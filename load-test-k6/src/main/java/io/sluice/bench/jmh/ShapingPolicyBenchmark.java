package io.sluice.bench.jmh;

import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import io.sluice.shaping.PartnerPolicies;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.ShapingSettings;
import io.sluice.shaping.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the traffic-shaping policy adds to one in-process {@link ScoringService#score} call on the bundled model,
 * scoring all nine partners: {@code off} (no exploration, no cap: the threshold alone decides) against {@code on}
 * (exploration at the default 1% and a QPS cap on every partner, low enough to bind, so each request hashes its id,
 * reads the clock, reads every cap's limit and counts its score in every cap's window). {@code scoringService} is
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
        scoring = ScoringService.withoutTelemetry(config.limits(), registry, shaping);
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
