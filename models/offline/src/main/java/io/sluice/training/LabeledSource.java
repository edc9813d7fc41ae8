package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingData;
import io.sluice.api.v1.TrainingShard;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Where labelled rows come from: one {@code .jsonl} / {@code .binpb} file, or a {@link ShardFolder} whose shards are
 * read in the manifest's order and each verified against it once read.
 */
public final class LabeledSource {

    private final Path data;
    private final ShardFolder shards;

    private LabeledSource(Path data, ShardFolder shards) {
        this.data = data;
        this.shards = shards;
    }

    /** The file or shard folder at {@code data}; refuses a missing path or a file of unknown format. */
    public static LabeledSource of(Path data) throws IOException {
        if (Files.isDirectory(data)) {
            return new LabeledSource(data, ShardFolder.read(data));
        }
        if (!Files.isRegularFile(data)) {
            throw new DataFormatException(data + ": no such file or folder", null);
        }
        LabeledDataFormat.of(data);
        return new LabeledSource(data, null);
    }

    public Path path() {
        return data;
    }

    /** The partners a shard folder's manifest lists (sorted), or empty for a file: then the rows' union. */
    public List<String> declaredPartners() {
        return shards == null ? List.of() : shards.manifest().getPartnersList();
    }

    /**
     * Opens the rows; each file's read is drawn on a bar {@code progress} makes for its size in bytes. A bad row fails
     * with its position unless {@code skipBadRows}.
     */
    public Rows open(boolean skipBadRows, LongFunction<ProgressBar> progress) {
        return new Rows(skipBadRows, progress);
    }

    /** Where the rows came from, as a model manifest records it, given what reading them found. */
    public TrainingData provenance(Rows read) {
        String what = shards == null ? LabeledDataFormat.of(data).description()
                : "shard folder (" + shards.manifest().getShardsCount() + " shards"
                        + (shards.manifest().getDescription().isEmpty() ? "" : ": "
                                + shards.manifest().getDescription()) + ")";
        return TrainingData.newBuilder()
                .setDescription(what + " of LabeledBidRequest"
                        + (read.skippedRows() > 0 ? ", " + read.skippedRows() + " bad rows skipped" : ""))
                .setSource(data.getFileName().toString())
                .setSha256(read.sha256())
                .build();
    }

    /** The rows of every file in order; a shard that does not match the manifest stops the read. */
    public final class Rows implements Iterator<LabeledBidRequest>, Closeable {

        private final boolean skipBadRows;
        private final LongFunction<ProgressBar> progress;
        private final Set<String> declared = Set.copyOf(declaredPartners());
        private int nextShard;
        private LabeledRequestReader reader;
        private TrainingShard shard;
        private String fileSha256;
        private long skippedRows;
        private boolean exhausted;

        private Rows(boolean skipBadRows, LongFunction<ProgressBar> progress) {
            this.skipBadRows = skipBadRows;
            this.progress = progress;
        }

        @Override
        public boolean hasNext() {
            while (!exhausted) {
                if (reader != null && reader.hasNext()) {
                    return true;
                }
                try {
                    if (reader != null) {
                        finishFile();
                    }
                    openNextFile();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }

        @Override
        public LabeledBidRequest next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LabeledBidRequest row = reader.next();
            if (!declared.isEmpty()) {
                for (String partner : row.getBidsMap().keySet()) {
                    if (!declared.contains(partner)) {
                        throw new DataFormatException(reader.file() + " row " + reader.rowsRead() + ": labels partner "
                                + partner + ", which " + ShardFolder.MANIFEST_FILE + " does not list", null);
                    }
                }
            }
            return row;
        }

        private void openNextFile() throws IOException {
            Path file;
            if (shards == null) {
                if (nextShard > 0) {
                    exhausted = true;
                    return;
                }
                file = data;
            } else {
                if (nextShard == shards.manifest().getShardsCount()) {
                    exhausted = true;
                    return;
                }
                shard = shards.manifest().getShards(nextShard);
                file = shards.file(shard);
            }
            nextShard++;
            reader = new LabeledRequestReader(file, skipBadRows);
            reader.reportProgress(progress);
        }

        private void finishFile() throws IOException {
            fileSha256 = reader.sha256();
            skippedRows += reader.skippedRows();
            if (shards != null) {
                shards.verify(shard, fileSha256, reader.rowsRead() + reader.skippedRows());
            }
            reader.close();
            reader = null;
        }

        /** Rows skipped because they were bad (0 unless skipping was enabled). */
        public long skippedRows() {
            return skippedRows;
        }

        /**
         * After the last row: the file's SHA-256, or a shard folder's manifest's (which pins every shard).
         *
         * @throws IllegalStateException before the rows are exhausted
         */
        public String sha256() {
            if (!exhausted) {
                throw new IllegalStateException("the checksum is known once every row has been read");
            }
            return shards == null ? fileSha256 : shards.manifestSha256();
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
