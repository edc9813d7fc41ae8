package io.sluice.spark;

import io.sluice.ingest.AbsentOutcome;
import io.sluice.ingest.IpinyouLogLines;
import io.sluice.ingest.OpenRtbLogLines;
import io.sluice.ingest.ShardLayout;
import java.io.Serializable;

/** The request logs the job reads, each through the importer's row function for it. */
enum RequestFormat {
    /** An exchange's request log: arrival time, tab, OpenRTB JSON ({@link OpenRtbLogLines}). */
    OPENRTB_JSON("openrtb-json", AbsentOutcome.UNLABELLED),
    /** Sluice's decision log: length-delimited DecisionRecords ({@link DecisionLogFiles}). */
    DECISION_LOG("decision-log", AbsentOutcome.UNLABELLED),
    /** iPinYou's bid log, joined with its impression log: a bid without an impression lost. */
    IPINYOU_BID("ipinyou-bid", AbsentOutcome.NO_BID);

    private final String optionValue;
    private final AbsentOutcome absentOutcome;

    RequestFormat(String optionValue, AbsentOutcome absentOutcome) {
        this.optionValue = optionValue;
        this.absentOutcome = absentOutcome;
    }

    /** What a partner the request was sent to, with no outcome, is labelled. */
    AbsentOutcome absentOutcome() {
        return absentOutcome;
    }

    /** Whether the log is text lines (all but the decision log, which is binary). */
    boolean isText() {
        return this != DECISION_LOG;
    }

    /** The text format of this request log; only for {@link #isText()} formats. */
    TextFormat textFormat(ShardLayout layout) {
        return switch (this) {
            case OPENRTB_JSON -> new Lines("an OpenRTB JSON request log",
                    (line, location) -> ImportLine.ofRequest(OpenRtbLogLines.parse(line), location, layout));
            case IPINYOU_BID -> new Lines("an iPinYou bid log",
                    (line, location) -> ImportLine.ofRequest(IpinyouLogLines.bidLine(line), location, layout));
            case DECISION_LOG -> throw new IllegalStateException("the decision log is binary, not text");
        };
    }

    @Override
    public String toString() {
        return optionValue;
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
