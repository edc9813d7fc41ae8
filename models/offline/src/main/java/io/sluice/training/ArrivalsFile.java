package io.sluice.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Rows' arrival times noted in a scratch file as a first pass reads them (8 bytes a row) with their count and range,
 * then replayed in the same order for {@link TimeCuts} or {@link NewestRows}; the file is deleted on close.
 */
final class ArrivalsFile implements TimeCuts.ArrivalTimes, Closeable {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final DataOutputStream out;
    private long rows;
    private long oldest = Long.MAX_VALUE;
    private long newest = Long.MIN_VALUE;

    private ArrivalsFile(Path path) throws IOException {
        this.path = path;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(path), BUFFER_BYTES));
    }

    /** An empty file at {@code path} (replaced if it exists). */
    static ArrivalsFile create(Path path) throws IOException {
        return new ArrivalsFile(path);
    }

    /** Notes the next row's arrival time (epoch ms). */
    void add(long arrivalMillis) throws IOException {
        out.writeLong(arrivalMillis);
        oldest = Math.min(oldest, arrivalMillis);
        newest = Math.max(newest, arrivalMillis);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** The oldest arrival noted (epoch ms); {@link Long#MAX_VALUE} if none. */
    long oldest() {
        return oldest;
    }

    /** The newest arrival noted (epoch ms); {@link Long#MIN_VALUE} if none. */
    long newest() {
        return newest;
    }

    @Override
    public void forEach(LongConsumer consumer) throws IOException {
        out.flush();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path),
                BUFFER_BYTES))) {
            for (long i = 0; i < rows; i++) {
                consumer.accept(in.readLong());
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }
}
