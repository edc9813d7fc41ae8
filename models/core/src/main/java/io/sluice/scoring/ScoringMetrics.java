package io.sluice.scoring;

/** What the scoring core reports about each answer; the server records it, benchmarks pass {@link #NONE}. */
public interface ScoringMetrics {

    /** Reports nothing. */
    ScoringMetrics NONE = (partner, likelihood, send) -> { };

    /** One partner scored for one request, and whether it was sent. */
    void recordPartnerScore(String partner, double likelihood, boolean send);
}
