package io.sluice.training;

import io.sluice.api.v1.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * Labelled data (a file or a shard folder) read whole into memory through the shared {@code FeatureExtractor}, with
 * what the commands that read it report: the data's checksum and the bad rows skipped.
 *
 * @param data        the file or folder read
 * @param table       every good row, in arrival order
 * @param provenance  where the rows came from, as a manifest records it (name, format, checksum)
 * @param skippedRows rows skipped because they did not parse (0 unless skipping was enabled)
 */
public record LabeledDataset(Path data, FeatureTable table, TrainingData provenance, long skippedRows) {

    /**
     * Reads {@code data}, drawing progress on the bars {@code progress} makes for each file's size in bytes; a bad
     * row fails with its position unless {@code skipBadRows}.
     */
    public static LabeledDataset read(Path data, boolean skipBadRows, LongFunction<ProgressBar> progress)
            throws IOException {
        LabeledSource source = LabeledSource.of(data);
        try (LabeledSource.Rows rows = source.open(skipBadRows, progress)) {
            FeatureTable table = FeatureTable.extract(rows, source.declaredPartners());
            if (table.rows() == 0) {
                throw new DataFormatException(data + ": no rows", null);
            }
            return new LabeledDataset(data, table, source.provenance(rows), rows.skippedRows());
        }
    }

    /** The data's SHA-256 (a shard folder's: its manifest's). */
    public String sha256() {
        return provenance.getSha256();
    }
}
