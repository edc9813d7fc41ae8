package io.sluice.training;

import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * Streams {@link LabeledBidRequest}s from a labelled data file in any {@link LabeledDataFormat}.
 *
 * <p>A row is bad when it does not parse (truncated JSON, wrong types, unknown fields), when it lacks
 * {@code request}, {@code arrival_time} or {@code bids}, when a {@code true_probability} is missing for a labelled
 * partner or lies outside [0, 1], or when an {@code exploration_probability} is outside (0, 1] or names a partner
 * the row does not label. Rows may label different partners (partial labels). A bad row stops the read with an
 * error naming its line (or record), unless the reader was told to skip bad rows; skipped rows are counted. A file
 * whose framing is broken (a truncated binary record) always stops the read. The SHA-256 of the bytes read is
 * available once the file is exhausted, for the model manifest.
 */
public final class LabeledRequestReader implements Iterator<LabeledBidRequest>, Closeable {

    private final Path file;
    private final boolean skipBadRows;
    private final MessageDigest digest;
    private final FileChannel channel;
    private final long fileBytes;
    private final LabeledRecords records;
    private ProgressBar progress;
    private long rowsRead;
    private long skippedRows;
    private LabeledBidRequest next;

    public LabeledRequestReader(Path file, boolean skipBadRows) throws IOException {
        this.file = file;
        this.skipBadRows = skipBadRows;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        LabeledDataFormat format = LabeledDataFormat.of(file);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileBytes = channel.size();
        this.records = LabeledRecords.open(format, new DigestInputStream(Channels.newInputStream(channel), digest),
                file.toString());
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            LabeledBidRequest row;
            try {
                row = records.next();
            } catch (InvalidProtocolBufferException e) {
                next = bad("not a LabeledBidRequest: " + e.getMessage(), e);
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": read failed after " + records.position(), e);
            }
            if (row == null) {
                if (progress != null) {
                    progress.finish(fileBytes, progressDetail());
                    progress = null;
                }
                return false;
            }
            next = check(row);
            if (next != null) {
                rowsRead++;
                // The file position is a system call and the detail a String.format: only when the bar draws.
                if (progress != null && progress.isDue()) {
                    progress.update(position(), progressDetail());
                }
            }
        }
        return true;
    }

    /**
     * Draws the read's progress, in bytes of the file, on the bar {@code start} makes for the file's size; the bar
     * is finished when the file is exhausted.
     */
    public void reportProgress(LongFunction<ProgressBar> start) {
        progress = start.apply(fileBytes);
    }

    private long position() {
        try {
            return channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": read failed after " + records.position(), e);
        }
    }

    private String progressDetail() {
        return String.format("%,d rows | %s", rowsRead, file.getFileName());
    }

    @Override
    public LabeledBidRequest next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LabeledBidRequest row = next;
        next = null;
        return row;
    }

    /** Rows skipped because they did not parse (always 0 unless skipping was enabled). */
    public long skippedRows() {
        return skippedRows;
    }

    /** Rows returned so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** The file's name, for messages. */
    public Path file() {
        return file;
    }

    /** SHA-256 of every byte read so far; call after the last row for the file's checksum. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    /** {@code row} if it is good, else what {@link #bad} makes of it. */
    private LabeledBidRequest check(LabeledBidRequest row) {
        String problem = problemWith(row);
        return problem == null ? row : bad(problem, null);
    }

    /** What makes {@code row} unusable, or null if it is good. */
    private String problemWith(LabeledBidRequest row) {
        if (!row.hasRequest()) {
            return "missing request";
        }
        if (!row.hasArrivalTime()) {
            return "missing arrival_time";
        }
        Map<String, Boolean> bids = row.getBidsMap();
        if (bids.isEmpty()) {
            return "missing bids (no partner is labelled)";
        }
        for (Map.Entry<String, Double> exploration : row.getExplorationProbabilityMap().entrySet()) {
            if (!bids.containsKey(exploration.getKey())) {
                return "exploration_probability names partner " + exploration.getKey() + ", which bids does not label";
            }
            double p = exploration.getValue();
            if (!(p > 0 && p <= 1)) {
                return "exploration_probability of partner " + exploration.getKey() + " must be in (0, 1], got " + p;
            }
        }
        Map<String, Double> truth = row.getTrueProbabilityMap();
        if (truth.isEmpty()) {
            return null;
        }
        for (String partner : bids.keySet()) {
            Double p = truth.get(partner);
            if (p == null) {
                return "true_probability has no value for partner " + partner;
            }
            if (!(p >= 0 && p <= 1)) {
                return "true_probability of partner " + partner + " must be in [0, 1], got " + p;
            }
        }
        return null;
    }

    /** Skips and counts a bad row when allowed (returning null), else fails naming where it is. */
    private LabeledBidRequest bad(String problem, Exception cause) {
        if (skipBadRows) {
            skippedRows++;
            return null;
        }
        throw new DataFormatException(file + " " + records.position() + ": " + problem, cause);
    }
}
