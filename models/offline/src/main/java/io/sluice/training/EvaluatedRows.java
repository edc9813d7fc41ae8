package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingData;
import io.sluice.features.FeatureVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The rows {@code sluice evaluate} scores, streamed through the shared feature extraction in memory independent of
 * their number: every row of labelled data, or a model's test split (its newest rows by arrival, {@link NewestRows}),
 * which a first pass over the arrival times finds (8 bytes a row in a scratch file, deleted afterwards).
 */
public final class EvaluatedRows {

    private static final String ARRIVALS_FILE = ".evaluate-arrivals.bin";

    /** Receives each evaluated row with its features; the vector is reused for the next row. */
    @FunctionalInterface
    public interface Visitor {
        void accept(LabeledBidRequest row, FeatureVector features);
    }

    /**
     * What reading found.
     *
     * @param provenance    the data's name, format and checksum
     * @param skippedRows   bad rows skipped (0 unless skipping was enabled)
     * @param rowsRead      good rows in the data
     * @param rowsEvaluated of which were given to the visitor
     * @param partners      the partners a shard manifest declares and every partner a row labels
     */
    public record Summary(TrainingData provenance, long skippedRows, long rowsRead, long rowsEvaluated,
                          Set<String> partners) {
    }

    private EvaluatedRows() {
    }

    /** Gives every row of {@code source} to {@code visitor}; the pass draws progress on bars from {@code progress}. */
    public static Summary all(LabeledSource source, boolean skipBadRows, LongFunction<ProgressBar> progress,
                              Visitor visitor) throws IOException {
        return evaluate(source, skipBadRows, progress, arrival -> true, visitor);
    }

    /**
     * Gives the rows of the test split of a model trained on {@code source} to {@code visitor}, after checking that
     * the data is the one {@code trained} describes. {@code progress} makes each pass's bars from the pass's name.
     *
     * @throws IllegalArgumentException if the data's checksum or row count differ from the training's
     */
    public static Summary testSplit(LabeledSource source, boolean skipBadRows, TrainingData trained,
                                    Path scratchFolder, Function<String, LongFunction<ProgressBar>> progress,
                                    Visitor visitor) throws IOException {
        Files.createDirectories(scratchFolder);
        try (ArrivalsFile arrivals = ArrivalsFile.create(scratchFolder.resolve(ARRIVALS_FILE))) {
            String sha256;
            try (LabeledSource.Rows read = source.open(skipBadRows, progress.apply("arrivals"))) {
                while (read.hasNext()) {
                    arrivals.add(RowFeatures.arrivalMillis(read.next()));
                }
                sha256 = read.sha256();
            }
            if (!trained.getSha256().equalsIgnoreCase(sha256)) {
                throw new IllegalArgumentException("evaluating the test split needs the file the model was trained "
                        + "on (sha256 " + trained.getSha256() + "), but --data has sha256 " + sha256
                        + "; use --all-rows for other data");
            }
            long rows = arrivals.rows();
            long splitRows = trained.getTrainRows() + trained.getValidationRows() + trained.getTestRows();
            if (splitRows != rows) {
                throw new IllegalArgumentException("the model was split on " + splitRows + " rows but " + rows
                        + " rows were read; use the same --skip-bad-rows setting as training");
            }
            NewestRows test = NewestRows.of(arrivals.oldest(), arrivals.newest(), rows, arrivals,
                    trained.getTestRows());
            Summary summary = evaluate(source, skipBadRows, progress.apply("evaluate"), test::next, visitor);
            if (summary.rowsRead() != rows) {
                throw new DataFormatException(source.path() + " changed while it was evaluated: " + rows
                        + " rows in the first pass, " + summary.rowsRead() + " in the second", null);
            }
            return summary;
        }
    }

    /** Whether the next row, by its arrival time (epoch ms), is evaluated. */
    @FunctionalInterface
    private interface RowFilter {
        boolean evaluates(long arrivalMillis);
    }

    private static Summary evaluate(LabeledSource source, boolean skipBadRows, LongFunction<ProgressBar> progress,
                                    RowFilter filter, Visitor visitor) throws IOException {
        Set<String> partners = new TreeSet<>(source.declaredPartners());
        FeatureVector features = FeatureVector.forCurrentSpec();
        long rows = 0;
        long evaluated = 0;
        try (LabeledSource.Rows read = source.open(skipBadRows, progress)) {
            while (read.hasNext()) {
                LabeledBidRequest row = read.next();
                partners.addAll(row.getBidsMap().keySet());
                rows++;
                if (filter.evaluates(RowFeatures.arrivalMillis(row))) {
                    RowFeatures.extract(row, features);
                    visitor.accept(row, features);
                    evaluated++;
                }
            }
            if (rows == 0) {
                throw new DataFormatException(source.path() + ": no rows", null);
            }
            return new Summary(source.provenance(read), read.skippedRows(), rows, evaluated,
                    Collections.unmodifiableSet(partners));
        }
    }
}
