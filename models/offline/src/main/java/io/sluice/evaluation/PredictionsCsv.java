package io.sluice.evaluation;

import io.sluice.training.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline's predictions made outside Sluice (e.g. by the XGBoost script), to join to the evaluated rows by
 * request id as they stream by. The file is CSV: a header {@code id,<partner id>,...} naming at least every
 * evaluated partner, then one line per request with a probability per partner. Every evaluated row needs exactly
 * one line, and every line must belong to an evaluated row, so both sides are known to score the same rows. The
 * predictions are held in memory (about 100 bytes a line plus 4 per partner) until their row comes.
 */
public final class PredictionsCsv {

    private final String name;
    private final Path file;
    private final Map<String, Line> byRequestId;

    /** One line's probabilities, per evaluated partner in order, and where it was. */
    private record Line(long number, float[] scores) {
    }

    private PredictionsCsv(String name, Path file, Map<String, Line> byRequestId) {
        this.name = name;
        this.file = file;
        this.byRequestId = byRequestId;
    }

    /**
     * Reads {@code file}'s predictions for {@code partners}, the evaluated partners in column order.
     *
     * @throws DataFormatException naming the file and line for a malformed line, a repeated id, or a value outside
     *                             [0, 1]
     */
    public static PredictionsCsv read(String name, Path file, List<String> partners) throws IOException {
        Map<String, Line> byRequestId = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new DataFormatException(file + " line 1: empty file, expected a header id,<partner>,...", null);
            }
            List<String> header = List.of(headerLine.split(",", -1));
            if (!header.get(0).equals("id")) {
                throw new DataFormatException(file + " line 1: the first column must be 'id', got '" + header.get(0)
                        + "'", null);
            }
            int[] fieldOfPartner = new int[partners.size()];
            for (int p = 0; p < partners.size(); p++) {
                fieldOfPartner[p] = header.indexOf(partners.get(p));
                if (fieldOfPartner[p] < 1) {
                    throw new DataFormatException(file + " line 1: no column for partner " + partners.get(p), null);
                }
            }
            long lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    readLine(line, file + " line " + lineNumber + ": ", lineNumber, header.size(), fieldOfPartner,
                            byRequestId);
                }
            }
        }
        return new PredictionsCsv(name, file, byRequestId);
    }

    /** The baseline's name, as reports show it. */
    public String name() {
        return name;
    }

    /**
     * The probabilities of the evaluated row {@code requestId}, per partner in column order, written into
     * {@code out}; each line can be taken once.
     *
     * @throws DataFormatException if the file has no line for the row
     */
    public void take(String requestId, double[] out) {
        Line line = byRequestId.remove(requestId);
        if (line == null) {
            throw new DataFormatException(file + ": no prediction for request id " + requestId
                    + " (every evaluated row needs one)", null);
        }
        for (int p = 0; p < out.length; p++) {
            out[p] = line.scores()[p];
        }
    }

    /**
     * Called once every evaluated row was taken.
     *
     * @throws DataFormatException naming the first line (by number) that belongs to no evaluated row
     */
    public void requireAllTaken() {
        byRequestId.entrySet().stream().min((a, b) -> Long.compare(a.getValue().number(), b.getValue().number()))
                .ifPresent(left -> {
                    throw new DataFormatException(file + " line " + left.getValue().number() + ": request id "
                            + left.getKey() + " is not among the evaluated rows", null);
                });
    }

    private static void readLine(String line, String where, long lineNumber, int fields, int[] fieldOfPartner,
                                 Map<String, Line> byRequestId) {
        String[] values = line.split(",", -1);
        if (values.length != fields) {
            throw new DataFormatException(where + values.length + " fields, the header has " + fields, null);
        }
        float[] scores = new float[fieldOfPartner.length];
        for (int p = 0; p < fieldOfPartner.length; p++) {
            String text = values[fieldOfPartner[p]];
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new DataFormatException(where + "'" + text + "' is not a number", e);
            }
            if (!(value >= 0 && value <= 1)) {
                throw new DataFormatException(where + "probability " + text + " is outside [0, 1]", null);
            }
            scores[p] = (float) value;
        }
        if (byRequestId.putIfAbsent(values[0], new Line(lineNumber, scores)) != null) {
            throw new DataFormatException(where + "request id " + values[0] + " appears twice", null);
        }
    }
}
