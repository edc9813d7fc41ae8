package io.sluice.training;

import io.sluice.api.v1.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * A labelled data file read whole through the shared {@code FeatureExtractor}, with what the commands that read it
 * report: the file's checksum and the bad rows skipped.
 *
 * @param file        the file read
 * @param table       every good row, in file order
 * @param sha256      SHA-256 of the whole file
 * @param skippedRows rows skipped because they did not parse (0 unless skipping was enabled)
 */
public record LabeledDataset(Path file, FeatureTable table, String sha256, long skippedRows) {

    /**
     * Reads {@code file}, drawing progress on the bar {@code progress} makes for its size in bytes; a bad row fails
     * with its position unless {@code skipBadRows}.
     */
    public static LabeledDataset read(Path file, boolean skipBadRows, LongFunction<ProgressBar> progress)
            throws IOException {
        try (LabeledRequestReader reader = new LabeledRequestReader(file, skipBadRows)) {
            reader.reportProgress(progress);
            FeatureTable table = FeatureTable.extract(reader);
            return new LabeledDataset(file, table, reader.sha256(), reader.skippedRows());
        }
    }

    /** Where the rows came from, as a manifest records it: the file's name, format and checksum. */
    public TrainingData provenance() {
        return TrainingData.newBuilder()
                .setDescription(LabeledDataFormat.of(file).description() + " of LabeledBidRequest"
                        + (skippedRows > 0 ? ", " + skippedRows + " bad rows skipped" : ""))
                .setSource(file.getFileName().toString())
                .setSha256(sha256)
                .build();
    }
}
