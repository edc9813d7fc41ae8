package io.sluice.scoring;

import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;

/** The scoring call every protocol serves: one v1 request in, one response or a typed refusal out. */
@FunctionalInterface
public interface Scorer {

    /** Scores {@code request}, giving up once {@code deadline} has passed. */
    ScoreResponse score(ScoreRequest request, CallDeadline deadline) throws ScoringException;

    /** Scores one partner, as {@link #score(ScoreRequest, CallDeadline)} scores {@code request}'s v1 form. */
    default ScoreResponse score(SinglePartnerRequest request, CallDeadline deadline) throws ScoringException {
        return score(request.toScoreRequest(), deadline);
    }
}
