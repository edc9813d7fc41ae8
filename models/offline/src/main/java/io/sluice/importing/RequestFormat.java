package io.sluice.importing;

import io.sluice.ingest.AbsentOutcome;

/** What the request inputs of an import are, and so how their rows join with outcomes. */
public enum RequestFormat {
    /** An exchange's log: arrival time, tab, OpenRTB JSON; outcomes are JSON Lines or CSV. */
    OPENRTB_JSON("openrtb-json", AbsentOutcome.UNLABELLED),
    /** Sluice's decision log (length-delimited DecisionRecords); outcomes are JSON Lines or CSV. */
    DECISION_LOG("decision-log", AbsentOutcome.UNLABELLED),
    /** iPinYou's bid log; outcomes are its impression log, and a bid without an impression is a loss. */
    IPINYOU_BID("ipinyou-bid", AbsentOutcome.NO_BID);

    private final String optionValue;
    private final AbsentOutcome absentOutcome;

    RequestFormat(String optionValue, AbsentOutcome absentOutcome) {
        this.optionValue = optionValue;
        this.absentOutcome = absentOutcome;
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
