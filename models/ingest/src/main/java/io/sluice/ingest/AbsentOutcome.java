package io.sluice.ingest;

/** What it means when a partner a request was sent to has no outcome in the log. */
public enum AbsentOutcome {
    /** Nothing is known: the partner stays unlabelled (outcome logs that record every answer, bids and no-bids). */
    UNLABELLED,
    /** The partner did not bid (logs that record only the positives, e.g. iPinYou's impressions). */
    NO_BID
}
