package io.sluice.spark;

import io.sluice.ingest.IpinyouLogLines;
import io.sluice.ingest.OpenRtbLogLines;
import io.sluice.ingest.RequestFormat;
import io.sluice.ingest.ShardLayout;
import java.io.Serializable;

/** How the job parses a text request log: each line through the importer's row function for its format. */
final class RequestLines {

    private RequestLines() {
    }

    /** The text format of {@code format}'s request log; the decision log is binary ({@link DecisionLogFiles}). */
    static TextFormat of(RequestFormat format, ShardLayout layout) {
        return switch (format) {
            case OPENRTB_JSON -> new Lines(format.description(),
                    (line, location) -> ImportLine.ofRequest(OpenRtbLogLines.parse(line), location, layout));
            case IPINYOU_BID -> new Lines(format.description(),
                    (line, location) -> ImportLine.ofRequest(IpinyouLogLines.bidLine(line), location, layout));
            case DECISION_LOG -> throw new IllegalStateException("the decision log is binary, not text");
        };
    }

    /** A log whose every line is parsed alike. */
    private record Lines(String expected, LineFunction function) implements TextFormat {

        @Override
        public LineParser newParser(String file) {
            return function::parse;
        }
    }

    /** A row function with where its line was read. */
    @FunctionalInterface
    interface LineFunction extends Serializable {
        ImportLine parse(String line, Location location);
    }
}
