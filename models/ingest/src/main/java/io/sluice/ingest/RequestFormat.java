package io.sluice.ingest;

/**
 * What the request inputs of an import are, and so how their rows join with outcomes; {@code sluice import} and the
 * Spark job read the same three.
 */
public enum RequestFormat {
    /** An exchange's log: arrival time, tab, OpenRTB JSON; outcomes are JSON Lines or CSV. */
    OPENRTB_JSON("openrtb-json", "an OpenRTB JSON request log", AbsentOutcome.UNLABELLED),
    /** Sluice's decision log (length-delimited DecisionRecords); outcomes are JSON Lines or CSV. */
    DECISION_LOG("decision-log", "a decision log", AbsentOutcome.UNLABELLED),
    /** iPinYou's bid log; outcomes are its impression log, and a bid without an impression is a loss. */
    IPINYOU_BID("ipinyou-bid", "an iPinYou bid log", AbsentOutcome.NO_BID);

    private final String optionValue;
    private final String description;
    private final AbsentOutcome absentOutcome;

    RequestFormat(String optionValue, String description, AbsentOutcome absentOutcome) {
        this.optionValue = optionValue;
        this.description = description;
        this.absentOutcome = absentOutcome;
    }

    /** What a file of this format is, for messages: "not an OpenRTB JSON request log". */
    public String description() {
        return description;
    }

    /** What a sent partner without an outcome means for this source. */
    public AbsentOutcome absentOutcome() {
        return absentOutcome;
    }

    @Override
    public String toString() {
        return optionValue;
    }
}
