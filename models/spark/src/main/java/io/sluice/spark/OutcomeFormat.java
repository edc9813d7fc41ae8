package io.sluice.spark;

import io.sluice.BadInputException;
import io.sluice.ingest.IpinyouLogLines;
import io.sluice.ingest.OutcomeCsv;
import io.sluice.ingest.OutcomeJsonLines;
import io.sluice.ingest.ParseResult;
import io.sluice.ingest.ShardLayout;

/** The outcome logs the job reads, each through the importer's row function for it. */
final class OutcomeFormat {

    private OutcomeFormat() {
    }

    /**
     * Partners' outcomes, told apart by each file's first line as {@code sluice import} does: a JSON object starts
     * JSON Lines; anything else is a CSV header.
     */
    static TextFormat partnerOutcomes(ShardLayout layout) {
        return new PartnerOutcomes(layout);
    }

    /** iPinYou impression log lines: each a won bid. */
    static TextFormat ipinyouImpressions(ShardLayout layout) {
        return new IpinyouImpressions(layout);
    }

    private record IpinyouImpressions(ShardLayout layout) implements TextFormat {

        @Override
        public String expected() {
            return "an iPinYou impression log";
        }

        @Override
        public LineParser newParser(String file) {
            return (line, location) -> ImportLine.ofOutcome(IpinyouLogLines.impressionLine(line), location, layout);
        }
    }

    private record PartnerOutcomes(ShardLayout layout) implements TextFormat {

        @Override
        public String expected() {
            return "an outcome log (JSON Lines or CSV)";
        }

        @Override
        public LineParser newParser(String file) {
            return new FirstLineDecides(file, layout, expected());
        }
    }

    /** One outcome file: its first line says JSON Lines or is the CSV header that names the columns. */
    private static final class FirstLineDecides implements TextFormat.LineParser {

        private final String file;
        private final ShardLayout layout;
        private final String expected;
        private TextFormat.LineParser rows;

        FirstLineDecides(String file, ShardLayout layout, String expected) {
            this.file = file;
            this.layout = layout;
            this.expected = expected;
        }

        @Override
        public ImportLine parse(String line, Location location) {
            if (rows == null) {
                if (line.startsWith("{")) {
                    rows = (json, where) -> ImportLine.ofOutcome(OutcomeJsonLines.parse(json), where, layout);
                } else {
                    ParseResult<OutcomeCsv> header = OutcomeCsv.fromHeader(line);
                    if (!header.ok()) {
                        throw new BadInputException(file + ": not " + expected + ": " + header.rejection());
                    }
                    OutcomeCsv columns = header.row();
                    rows = (csv, where) -> ImportLine.ofOutcome(columns.parse(csv), where, layout);
                    return null;
                }
            }
            return rows.parse(line, location);
        }
    }
}
