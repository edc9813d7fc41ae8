package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureVector;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Labelled data's feature columns and labels written per time split, the split {@code sluice train} makes
 * ({@link TimeCuts}), in memory independent of the row count: a first pass over the data notes each row's arrival
 * time (8 bytes a row, in a scratch file beside the output) and every partner, a second extracts and writes each
 * row to its split's {@code <split>.svm} (LIBSVM, 0-based columns, label field 0) and {@code <split>-labels.csv}
 * ({@code id,<partner>,...}: 1 bid, 0 no bid, empty when the row does not label the partner). Rows keep the data's
 * order within each split, and line i of a split's two files is the same row.
 */
public final class FeatureExport {

    /** The splits, oldest first, as their files are named. */
    public static final List<String> SPLITS = List.of("train", "validation", "test");
    private static final String ARRIVALS_FILE = ".export-arrivals.bin";

    /**
     * What was written.
     *
     * @param partners    the label columns, in order
     * @param split       rows per split
     * @param skippedRows bad rows skipped (0 unless skipping was enabled)
     */
    public record Summary(List<String> partners, TimeSplit split, long skippedRows) {
    }

    private FeatureExport() {
    }

    /**
     * Writes {@code source}'s rows into {@code out} (created if needed), split with the given leading shares like
     * training; each pass draws progress on the bars {@code progress} makes for each file's size in bytes.
     */
    public static Summary write(LabeledSource source, boolean skipBadRows, double trainFraction,
                                double validationFraction, Path out, LongFunction<ProgressBar> progress)
            throws IOException {
        Files.createDirectories(out);
        try (ArrivalsFile arrivals = ArrivalsFile.create(out.resolve(ARRIVALS_FILE))) {
            PartnerColumns columns = new PartnerColumns(source.declaredPartners());
            try (LabeledSource.Rows read = source.open(skipBadRows, progress)) {
                while (read.hasNext()) {
                    LabeledBidRequest row = read.next();
                    // Only to number the row's partners: the label files' columns must be known before any row.
                    RowLabels.of(row, columns);
                    arrivals.add(RowFeatures.arrivalMillis(row));
                }
            }
            if (arrivals.rows() == 0) {
                throw new DataFormatException(source.path() + ": no rows", null);
            }
            TimeCuts cuts = TimeCuts.of(arrivals, trainFraction, validationFraction);
            return new Summary(columns.sorted(), cuts.split(),
                    writeSplits(source, skipBadRows, columns, cuts, arrivals.rows(), out, progress));
        }
    }

    /** The second pass; returns the bad rows skipped. */
    private static long writeSplits(LabeledSource source, boolean skipBadRows, PartnerColumns columns, TimeCuts cuts,
                                    long expectedRows, Path out, LongFunction<ProgressBar> progress)
            throws IOException {
        List<String> partners = columns.sorted();
        int[] columnOfIndex = columns.columnOfIndex();
        List<SplitFiles> files = new ArrayList<>();
        FeatureVector vector = FeatureVector.forCurrentSpec();
        StringBuilder line = new StringBuilder();
        String[] cells = new String[partners.size()];
        long rows = 0;
        try (LabeledSource.Rows read = source.open(skipBadRows, progress)) {
            for (String split : SPLITS) {
                files.add(new SplitFiles(out, split, partners));
            }
            while (read.hasNext()) {
                LabeledBidRequest row = read.next();
                long arrival = RowFeatures.extract(row, vector);
                SplitFiles to = files.get(cuts.trains(arrival) ? 0 : arrival < cuts.testFromMillis() ? 1 : 2);
                line.setLength(0);
                line.append('0');
                for (int column : vector.toSortedArray()) {
                    line.append(' ').append(column).append(":1");
                }
                to.features.write(line.toString());
                to.features.newLine();
                Arrays.fill(cells, "");
                RowLabels labels = RowLabels.of(row, columns);
                for (int k = 0; k < labels.partners().length; k++) {
                    cells[columnOfIndex[labels.partners()[k]]] = labels.bids()[k] ? "1" : "0";
                }
                line.setLength(0);
                line.append(row.getRequest().getId());
                for (String cell : cells) {
                    line.append(',').append(cell);
                }
                to.labels.write(line.toString());
                to.labels.newLine();
                rows++;
            }
            if (rows != expectedRows) {
                throw new DataFormatException(source.path() + " changed while it was exported: " + expectedRows
                        + " rows in the first pass, " + rows + " in the second", null);
            }
            return read.skippedRows();
        } finally {
            for (SplitFiles split : files) {
                split.close();
            }
        }
    }

    /** One split's two output files. */
    private static final class SplitFiles implements Closeable {
        final BufferedWriter features;
        final BufferedWriter labels;

        SplitFiles(Path out, String split, List<String> partners) throws IOException {
            features = Files.newBufferedWriter(out.resolve(split + ".svm"));
            labels = Files.newBufferedWriter(out.resolve(split + "-labels.csv"));
            labels.write("id," + String.join(",", partners));
            labels.newLine();
        }

        @Override
        public void close() throws IOException {
            try (features) {
                labels.close();
            }
        }
    }
}
