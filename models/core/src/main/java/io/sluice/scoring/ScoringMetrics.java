package io.sluice.scoring;

import io.sluice.api.v1.ScoreResponse;

/** What the scoring core reports about each answer; the server records it, benchmarks pass {@link #NONE}. */
public interface ScoringMetrics {

    /** Reports nothing. */
    ScoringMetrics NONE = answer -> { };

    /**
     * One answer's partner scores: each partner's likelihood, whether it was sent, and whether as exploration.
     * Called once per answer so that a recorder can read its per-call state (e.g. the trace context) once.
     */
    void recordAnswer(ScoreResponse answer);
}
