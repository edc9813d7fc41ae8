package io.sluice.scoring;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreResponse;
import java.time.Instant;
import java.util.Arrays;

/**
 * Where the scoring core hands each decision: the server's decision log, shadow scoring and per-version counts
 * take it from here.
 */
public interface DecisionSink {

    /** Keeps nothing. */
    DecisionSink NONE = (request, arrival, response) -> { };

    /**
     * {@code request}, arrived at {@code arrival}, was answered {@code response}. Called on the scoring thread for
     * every scored request, so it must be cheap and never block.
     */
    void decided(BidRequest request, Instant arrival, ScoreResponse response);

    /** One sink handing each decision to every one of {@code sinks}, in order. */
    static DecisionSink allOf(DecisionSink... sinks) {
        DecisionSink[] all = Arrays.stream(sinks).filter(sink -> sink != NONE).toArray(DecisionSink[]::new);
        if (all.length <= 1) {
            return all.length == 0 ? NONE : all[0];
        }
        return (request, arrival, response) -> {
            for (DecisionSink sink : all) {
                sink.decided(request, arrival, response);
            }
        };
    }
}
