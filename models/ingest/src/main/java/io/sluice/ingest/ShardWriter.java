package io.sluice.ingest;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes one shard: length-delimited LabeledBidRequests, hashed as they are written, and describes it as a
 * {@link TrainingShard} (rows, SHA-256, first and last arrival) when finished. Not thread-safe: one writer per shard.
 */
public final class ShardWriter implements Closeable {

    private final String file;
    private final DigestOutputStream out;
    private long rows;
    private Timestamp first;
    private Timestamp last;
    private boolean finished;

    /** A writer of the shard {@code file} (its path relative to the manifest) onto {@code out}, which it closes. */
    public ShardWriter(String file, OutputStream out) {
        this.file = file;
        this.out = new DigestOutputStream(new BufferedOutputStream(out, 1 << 16), sha256());
    }

    /** A writer of the shard {@code file} under {@code folder}, creating its day's folder. */
    public static ShardWriter create(Path folder, String file) throws IOException {
        Path path = folder.resolve(file);
        Files.createDirectories(path.getParent());
        return new ShardWriter(file, Files.newOutputStream(path));
    }

    /** Appends {@code row}. */
    public void write(LabeledBidRequest row) throws IOException {
        row.writeDelimitedTo(out);
        rows++;
        Timestamp arrival = row.getArrivalTime();
        if (first == null || Timestamps.compare(arrival, first) < 0) {
            first = arrival;
        }
        if (last == null || Timestamps.compare(arrival, last) > 0) {
            last = arrival;
        }
    }

    /** Closes the file and describes it. */
    public TrainingShard finish() throws IOException {
        close();
        TrainingShard.Builder shard = TrainingShard.newBuilder().setFile(file).setRows(rows)
                .setSha256(HexFormat.of().formatHex(out.getMessageDigest().digest()));
        if (first != null) {
            shard.setFirstArrival(first).setLastArrival(last);
        }
        return shard.build();
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            out.close();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
