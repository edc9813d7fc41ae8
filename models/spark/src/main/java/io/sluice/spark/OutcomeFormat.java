package io.sluice.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

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
     * Partners' outcomes: CSV with a header when the file name ends in {@code .csv} (before any {@code .gz}), JSON
     * Lines otherwise.
     */
    static TextFormat partnerOutcomes(ShardLayout layout) {
        return file -> isCsv(file) ? new CsvLines(layout) : (line, length, location) ->
                ImportLine.ofOutcome(OutcomeJsonLines.parse(new String(line, 0, length, UTF_8)), location, layout);
    }

    /** iPinYou impression log lines: each a won bid. */
    static TextFormat ipinyouImpressions(ShardLayout layout) {
        return file -> (line, length, location) -> ImportLine.ofOutcome(
                IpinyouLogLines.impressionLine(new String(line, 0, length, UTF_8)), location, layout);
    }

    private static boolean isCsv(String file) {
        String name = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        return name.endsWith(".csv");
    }

    /** The lines of one CSV file: its header decides the columns of the rest. */
    private static final class CsvLines implements TextFormat.LineParser {

        private final ShardLayout layout;
        private OutcomeCsv columns;

        CsvLines(ShardLayout layout) {
            this.layout = layout;
        }

        @Override
        public ImportLine parse(byte[] line, int length, Location location) {
            String text = new String(line, 0, length, UTF_8);
            if (columns == null) {
                ParseResult<OutcomeCsv> header = OutcomeCsv.fromHeader(text);
                if (!header.ok()) {
                    throw new BadInputException(location + ": " + header.rejection());
                }
                columns = header.row();
                return null;
            }
            return ImportLine.ofOutcome(columns.parse(text), location, layout);
        }
    }
}
