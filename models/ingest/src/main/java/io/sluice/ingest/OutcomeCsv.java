package io.sluice.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Parses outcome lines of a CSV file whose header names its columns: {@code request_id}, {@code partner_id} and
 * {@code bid} (true/false or 1/0) are required, {@code price} (CPM, currency units) and {@code response_time_ms}
 * optional (an empty cell is not logged), other columns are ignored. Cells are plain: no quoting, so no value may
 * contain a comma. Made once per file from its header, then stateless.
 *
 * @param columns the header's column names, in order
 */
public record OutcomeCsv(List<String> columns, int requestId, int partnerId, int bid, int price, int responseTime)
        implements Serializable {

    private static final int ABSENT = -1;

    /** The parser for a file with this header line, or why the header cannot describe outcomes. */
    public static ParseResult<OutcomeCsv> fromHeader(String header) {
        List<String> columns = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        for (String required : List.of("request_id", "partner_id", "bid")) {
            if (!columns.contains(required)) {
                return ParseResult.rejected("CSV header " + OutcomeValues.quoted(header) + " has no " + required
                        + " column (required: request_id, partner_id, bid; optional: price, response_time_ms)");
            }
        }
        if (columns.stream().distinct().count() != columns.size()) {
            return ParseResult.rejected("CSV header " + OutcomeValues.quoted(header) + " names a column twice");
        }
        return ParseResult.of(new OutcomeCsv(columns, columns.indexOf("request_id"), columns.indexOf("partner_id"),
                columns.indexOf("bid"), columns.indexOf("price"), columns.indexOf("response_time_ms")));
    }

    /** The outcome that {@code line} (not the header) holds, or why not. */
    public ParseResult<Outcome> parse(String line) {
        String[] cells = line.split(",", -1);
        if (cells.length != columns.size()) {
            return ParseResult.rejected(cells.length + " cells, the header has " + columns.size());
        }
        Boolean bidValue = switch (cells[bid]) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> null;
        };
        if (bidValue == null) {
            return ParseResult.rejected("bid: expected true, false, 1 or 0, got " + OutcomeValues.quoted(cells[bid]));
        }
        Double priceValue = null;
        if (price != ABSENT && !cells[price].isEmpty()) {
            try {
                priceValue = Double.parseDouble(cells[price]);
            } catch (NumberFormatException e) {
                return ParseResult.rejected("price: expected a number, got " + OutcomeValues.quoted(cells[price]));
            }
        }
        Long responseTimeValue = null;
        if (responseTime != ABSENT && !cells[responseTime].isEmpty()) {
            try {
                responseTimeValue = Long.parseLong(cells[responseTime]);
            } catch (NumberFormatException e) {
                return ParseResult.rejected("response_time_ms: expected a whole number, got "
                        + OutcomeValues.quoted(cells[responseTime]));
            }
        }
        return OutcomeValues.outcome(cells[requestId], cells[partnerId], bidValue, priceValue, responseTimeValue);
    }
}
