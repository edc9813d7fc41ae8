package io.sluice.bench.jmh;

import io.sluice.api.v1.BidRequest;
import io.sluice.bench.RequestCorpus;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Feature extraction of one request as the server does it: local time, then the hashed and one-hot columns. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FeatureExtractionBenchmark {

    private BidRequest[] requests;
    private Instant[] arrivals;
    private final FeatureVector features = FeatureVector.forCurrentSpec();
    private int next;

    @Setup
    public void setUp() {
        RequestCorpus corpus = BenchmarkData.corpus();
        requests = new BidRequest[corpus.size()];
        arrivals = corpus.arrivals().toArray(new Instant[0]);
        for (int i = 0; i < requests.length; i++) {
            requests[i] = corpus.scoreRequests().get(i).getBidRequest();
        }
    }

    @Benchmark
    public FeatureVector extract() {
        int i = next++ & BenchmarkData.MASK;
        BidRequest request = requests[i];
        FeatureExtractor.extract(request, RequestTime.at(arrivals[i], request.getDevice().getGeo().getUtcoffset()),
                features);
        return features;
    }
}
