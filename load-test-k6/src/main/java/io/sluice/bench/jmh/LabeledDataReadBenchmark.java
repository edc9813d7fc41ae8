package io.sluice.bench.jmh;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.training.LabeledDataFormat;
import io.sluice.training.LabeledDataset;
import io.sluice.training.LabeledRequestReader;
import io.sluice.training.LabeledRequestWriter;
import io.sluice.training.ProgressBar;
import io.sluice.training.SyntheticTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a labelled data file, per row, in each {@link LabeledDataFormat}: the rows alone, and the rows through
 * the shared feature extraction into the table that training and evaluation use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LabeledDataReadBenchmark {

    private static final int ROWS = 20_000;

    @Param({"JSON_LINES", "DELIMITED_PROTOBUF"})
    public LabeledDataFormat format;

    private Path dir;
    private Path file;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("sluice-read-bench");
        file = dir.resolve("rows" + format.suffix());
        try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
            Iterator<LabeledBidRequest> rows = new SyntheticTraffic(SyntheticTraffic.Config.defaults(42)).rows(ROWS);
            while (rows.hasNext()) {
                writer.write(rows.next());
            }
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long rows() throws IOException {
        long partners = 0;
        try (LabeledRequestReader reader = new LabeledRequestReader(file, false)) {
            while (reader.hasNext()) {
                partners += reader.next().getBidsCount();
            }
        }
        return partners;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public LabeledDataset rowsThroughFeatureExtraction() throws IOException {
        return LabeledDataset.read(file, false, ProgressBar.hidden());
    }
}
