package io.sluice.bench.jmh;

import io.sluice.features.FeatureVector;
import io.sluice.model.CompiledMlp;
import io.sluice.model.Dl4jPredictor;
import io.sluice.model.ModelArtifact;
import java.util.Arrays;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The bundled model's forward pass over a batch of feature rows: DL4J {@code output()} on the batch (the naive
 * path) against the compiled plain-Java pass row by row. Time is per batch; divide by {@code batch} for per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardPassBenchmark {

    @Param({"1", "16", "64", "256"})
    public int batch;

    @Param({"compiled", "dl4j"})
    public String path;

    private FeatureVector[][] batches;
    private CompiledMlp compiled;
    private Dl4jPredictor dl4j;
    private float[] out;
    private int next;

    @Setup
    public void setUp() throws Exception {
        ModelArtifact model = BenchmarkData.bundledModel();
        compiled = CompiledMlp.of(model.network());
        dl4j = new Dl4jPredictor(model.network(), 1);
        out = new float[compiled.outputs()];
        FeatureVector[] rows = BenchmarkData.features(BenchmarkData.corpus());
        batches = new FeatureVector[rows.length / batch][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = Arrays.copyOfRange(rows, b * batch, (b + 1) * batch);
        }
    }

    @Benchmark
    public void forward(Blackhole sink) {
        FeatureVector[] rows = batches[next++ % batches.length];
        if (path.equals("dl4j")) {
            sink.consume(dl4j.predictBatch(rows));
            return;
        }
        for (FeatureVector row : rows) {
            compiled.predict(row, out);
            sink.consume(out);
        }
    }
}
