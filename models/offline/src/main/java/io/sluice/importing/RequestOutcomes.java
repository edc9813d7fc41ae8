package io.sluice.importing;

import io.sluice.ingest.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcomes of one request id in a join bucket, and whether its request has been joined: one map entry answers
 * both "its outcomes" and "logged more than once", where a map and a set cost two lookups and a third per outcome.
 */
final class RequestOutcomes {

    private final List<Outcome> outcomes = new ArrayList<>(2);
    private boolean joined;

    void add(Outcome outcome) {
        outcomes.add(outcome);
    }

    List<Outcome> outcomes() {
        return outcomes;
    }

    /** Marks its request joined; false if it already was (the request was logged more than once). */
    boolean join() {
        if (joined) {
            return false;
        }
        joined = true;
        return true;
    }

    boolean joined() {
        return joined;
    }
}
