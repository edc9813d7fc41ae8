package io.sluice.scoring;

/** What the scoring core reports about each answer; the server records it, benchmarks pass {@link #NONE}. */
public interface ScoringMetrics {

    /** Reports nothing. */
    ScoringMetrics NONE = (partner, likelihood, send, exploration) -> { };

    /** One partner scored for one request, whether it was sent, and whether as exploration. */
    void recordPartnerScore(String partner, double likelihood, boolean send, boolean exploration);
}
