package io.sluice.ingest;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
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

    private static final int BUFFER_BYTES = 1 << 16;

    private final String file;
    private final DigestOutputStream hashed;
    private final CodedOutputStream out;
    private long rows;
    private Timestamp first;
    private Timestamp last;
    private boolean finished;

    /** A writer of the shard {@code file} (its path relative to the manifest) onto {@code out}, which it closes. */
    public ShardWriter(String file, OutputStream out) {
        this.file = file;
        this.hashed = new DigestOutputStream(out, sha256());
        // One encoder for every row: it buffers, so the digest and the file see 64 KiB writes, not one per field.
        this.out = CodedOutputStream.newInstance(hashed, BUFFER_BYTES);
    }

    /** A writer of the shard {@code file} under {@code folder}, creating its day's folder. */
    public static ShardWriter create(Path folder, String file) throws IOException {
        Path path = folder.resolve(file);
        Files.createDirectories(path.getParent());
        return new ShardWriter(file, Files.newOutputStream(path));
    }

    /** Appends {@code row}. */
    public void write(LabeledBidRequest row) throws IOException {
        out.writeUInt32NoTag(row.getSerializedSize());
        row.writeTo(out);
        counted(row.getArrivalTime());
    }

    /**
     * Appends the row of {@code labels} (a row without its request) with the request whose encoding is
     * {@code request}: the bytes {@link #write(LabeledBidRequest)} writes for that row, without decoding the request
     * only to encode it again.
     */
    public void write(LabeledBidRequest labels, byte[] request) throws IOException {
        if (labels.hasRequest()) {
            throw new IllegalArgumentException("the labels already hold a request");
        }
        out.writeUInt32NoTag(CodedOutputStream.computeByteArraySize(LabeledBidRequest.REQUEST_FIELD_NUMBER, request)
                + labels.getSerializedSize());
        // The request is field 1 and protobuf writes fields in number order, so it comes first.
        out.writeByteArray(LabeledBidRequest.REQUEST_FIELD_NUMBER, request);
        labels.writeTo(out);
        counted(labels.getArrivalTime());
    }

    private void counted(Timestamp arrival) {
        rows++;
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
                .setSha256(HexFormat.of().formatHex(hashed.getMessageDigest().digest()));
        if (first != null) {
            shard.setFirstArrival(first).setLastArrival(last);
        }
        return shard.build();
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            try {
                out.flush();
            } finally {
                hashed.close();
            }
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
