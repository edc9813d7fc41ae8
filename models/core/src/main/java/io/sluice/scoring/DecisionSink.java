package io.sluice.scoring;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreResponse;
import java.time.Instant;

/** Where the scoring core hands each decision, for the decision log; the server samples and writes them. */
public interface DecisionSink {

    /** Keeps nothing. */
    DecisionSink NONE = (request, arrival, response) -> { };

    /**
     * {@code request}, arrived at {@code arrival}, was answered {@code response}. Called on the scoring thread for
     * every scored request, so it must be cheap and never block.
     */
    void decided(BidRequest request, Instant arrival, ScoreResponse response);
}
