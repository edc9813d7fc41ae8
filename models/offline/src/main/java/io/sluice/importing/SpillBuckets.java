package io.sluice.importing;

import io.sluice.ingest.ShardLayout;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One kind of record's temporary bucket files of the hash join, written by request id, counting the records each
 * holds so that the join can size its hash map for a bucket before reading it.
 */
final class SpillBuckets implements Closeable {

    private static final int BUFFER_BYTES = 1 << 14;

    private final DataOutputStream[] files;
    private final int[] records;

    private SpillBuckets(DataOutputStream[] files) {
        this.files = files;
        this.records = new int[files.length];
    }

    /** Creates {@code count} bucket files of {@code kind} records in {@code spill}. */
    static SpillBuckets create(Path spill, String kind, int count) throws IOException {
        DataOutputStream[] files = new DataOutputStream[count];
        try {
            for (int b = 0; b < count; b++) {
                files[b] = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(spill.resolve(fileName(kind, b))), BUFFER_BYTES));
            }
        } catch (IOException e) {
            new SpillBuckets(files).close();
            throw e;
        }
        return new SpillBuckets(files);
    }

    /** The name of bucket {@code bucket}'s file of {@code kind} records. */
    static String fileName(String kind, int bucket) {
        return kind + "-" + bucket + ".bin";
    }

    /** The file to write the next record of {@code requestId} to (counted as one record of its bucket). */
    DataOutputStream forRecordOf(String requestId) {
        int bucket = ShardLayout.bucket(requestId, files.length);
        records[bucket]++;
        return files[bucket];
    }

    /** Records written to bucket {@code bucket}. */
    int records(int bucket) {
        return records[bucket];
    }

    /** Records written to all buckets. */
    long records() {
        long total = 0;
        for (int count : records) {
            total += count;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        for (DataOutputStream file : files) {
            if (file != null) {
                file.close();
            }
        }
    }
}
