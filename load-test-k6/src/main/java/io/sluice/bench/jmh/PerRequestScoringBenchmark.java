package io.sluice.bench.jmh;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.bench.RequestCorpus;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.model.Predictor;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ScoringService;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.Settings;
import io.sluice.service.config.SluiceConfig;
import java.time.Instant;
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
 * One request at a time, in process, with either inference: features plus model (the part the fast path replaces)
 * and the whole {@link ScoringService#score} call (validation, features, model, thresholds, protobuf response).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerRequestScoringBenchmark {

    @Param({"compiled", "dl4j"})
    public String inference;

    private ScoreRequest[] requests;
    private Instant[] arrivals;
    private Predictor predictor;
    private ScoringService scoring;
    private final FeatureVector features = FeatureVector.forCurrentSpec();
    private float[] likelihoods;
    private int next;

    @Setup
    public void setUp() throws Exception {
        RequestCorpus corpus = BenchmarkData.corpus();
        requests = corpus.scoreRequests().toArray(new ScoreRequest[0]);
        arrivals = corpus.arrivals().toArray(new Instant[0]);
        SluiceConfig config = SluiceConfig.from(Settings.load(null, Map.of())
                .with("model.inference", inference, "benchmark")
                .with("model.dl4j-pool-size", "1", "benchmark"));
        ServingModel model = ModelLoader.bundled(config.model().serving());
        predictor = model.predictor();
        likelihoods = new float[model.partnerIds().size()];
        ModelRegistry registry = new ModelRegistry();
        registry.install(model);
        scoring = ScoringService.withoutTelemetry(config.limits(), registry);
    }

    @Benchmark
    public float[] featuresAndModel() {
        int i = next++ & BenchmarkData.MASK;
        BidRequest bid = requests[i].getBidRequest();
        FeatureExtractor.extract(bid, RequestTime.at(arrivals[i],
                bid.getDevice().getGeo().getUtcoffset()), features);
        predictor.predict(features, likelihoods);
        return likelihoods;
    }

    @Benchmark
    public ScoreResponse scoringService() throws Exception {
        return scoring.score(requests[next++ & BenchmarkData.MASK], CallDeadline.NONE);
    }
}
