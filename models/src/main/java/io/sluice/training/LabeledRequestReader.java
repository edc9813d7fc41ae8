package io.sluice.training;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.LabeledBidRequest;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams {@link LabeledBidRequest}s from a JSON Lines file (protobuf JSON mapping, one object per line).
 *
 * <p>A row is bad when its line does not parse (truncated JSON, wrong types, unknown fields), when it lacks
 * {@code request}, {@code arrival_time} or {@code bids}, when its partners differ from the first good row's, or
 * when a {@code true_probability} is missing for a labelled partner or lies outside [0, 1]. A bad row stops the
 * read with an error naming the line, unless the reader was told to skip bad rows; skipped rows are counted.
 * Blank lines are ignored. The SHA-256 of the bytes read is available once the file is exhausted, for the model
 * manifest.
 */
public final class LabeledRequestReader implements Iterator<LabeledBidRequest>, Closeable {

    private final Path file;
    private final boolean skipBadRows;
    private final MessageDigest digest;
    private final BufferedReader lines;
    private final JsonFormat.Parser parser = JsonFormat.parser();
    private long lineNumber;
    private long skippedRows;
    private List<String> partners;
    private LabeledBidRequest next;

    public LabeledRequestReader(Path file, boolean skipBadRows) throws IOException {
        this.file = file;
        this.skipBadRows = skipBadRows;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        this.lines = new BufferedReader(new InputStreamReader(
                new DigestInputStream(Files.newInputStream(file), digest), StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            String line;
            try {
                line = lines.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": read failed after line " + lineNumber, e);
            }
            if (line == null) {
                return false;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            next = parse(line);
        }
        return true;
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

    /** The line the last returned row came from (1-based). */
    public long lineNumber() {
        return lineNumber;
    }

    /** Rows skipped because they did not parse (always 0 unless skipping was enabled). */
    public long skippedRows() {
        return skippedRows;
    }

    /**
     * The partner ids every row labels, sorted; taken from the first good row.
     *
     * @throws IllegalStateException before the first row has been read
     */
    public List<String> partners() {
        if (partners == null) {
            throw new IllegalStateException("no row has been read yet");
        }
        return partners;
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
        lines.close();
    }

    private LabeledBidRequest parse(String line) {
        LabeledBidRequest.Builder builder = LabeledBidRequest.newBuilder();
        try {
            parser.merge(line, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return bad("not a LabeledBidRequest: " + e.getMessage(), e);
        }
        LabeledBidRequest row = builder.build();
        String problem = problemWith(row);
        if (problem != null) {
            return bad(problem, null);
        }
        if (partners == null) {
            partners = row.getBidsMap().keySet().stream().sorted().toList();
        }
        return row;
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
        if (partners != null && !(bids.size() == partners.size() && bids.keySet().containsAll(partners))) {
            return "bids label partners " + bids.keySet().stream().sorted().toList() + " but earlier rows label "
                    + partners;
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

    /** Skips and counts a bad row when allowed (returning null), else fails naming the line. */
    private LabeledBidRequest bad(String problem, Exception cause) {
        if (skipBadRows) {
            skippedRows++;
            return null;
        }
        throw new DataFormatException(file + " line " + lineNumber + ": " + problem, cause);
    }
}
