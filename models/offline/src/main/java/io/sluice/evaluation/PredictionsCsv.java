package io.sluice.evaluation;

import io.sluice.training.DataFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline's predictions made outside Sluice (e.g. by the XGBoost script), joined to the evaluated rows by
 * request id. The file is CSV: a header {@code id,<partner id>,...} naming at least every evaluated partner, then
 * one line per request with a probability per partner. Every evaluated row needs exactly one line, and every
 * line must belong to an evaluated row, so both sides are known to score the same rows.
 */
public final class PredictionsCsv {

    private PredictionsCsv() {
    }

    /**
     * @throws DataFormatException naming the file and line for a malformed line, an unknown or repeated id, or a
     *                             value outside [0, 1]; naming a missing id when a row has no prediction
     */
    public static ScoreColumns read(String name, Path file, LabeledColumns rows) throws IOException {
        Map<String, Integer> rowOfId = new HashMap<>();
        for (int i = 0; i < rows.rows(); i++) {
            rowOfId.put(rows.requestIds().get(i), i);
        }
        List<String> partners = rows.partners();
        double[][] scores = new double[partners.size()][rows.rows()];
        for (double[] column : scores) {
            Arrays.fill(column, Double.NaN);
        }
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
                    readLine(line, file, lineNumber, header.size(), fieldOfPartner, rowOfId, scores);
                }
            }
        }
        for (int i = 0; i < rows.rows(); i++) {
            if (Double.isNaN(scores[0][i])) {
                throw new DataFormatException(file + ": no prediction for request id " + rows.requestIds().get(i)
                        + " (every evaluated row needs one)", null);
            }
        }
        return new ScoreColumns(name, scores);
    }

    private static void readLine(String line, Path file, long lineNumber, int fields, int[] fieldOfPartner,
                                 Map<String, Integer> rowOfId, double[][] scores) {
        String where = file + " line " + lineNumber + ": ";
        String[] values = line.split(",", -1);
        if (values.length != fields) {
            throw new DataFormatException(where + values.length + " fields, the header has " + fields, null);
        }
        Integer row = rowOfId.get(values[0]);
        if (row == null) {
            throw new DataFormatException(where + "request id " + values[0] + " is not among the evaluated rows",
                    null);
        }
        if (!Double.isNaN(scores[0][row])) {
            throw new DataFormatException(where + "request id " + values[0] + " appears twice", null);
        }
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
            scores[p][row] = value;
        }
    }
}
