package io.sluice.service.telemetry;

import static io.sluice.service.telemetry.ServingMetrics.MODEL_VERSION;
import static io.sluice.service.telemetry.ServingMetrics.PARTNER;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a shadow candidate compares with the serving model, per partner: the absolute difference of their likelihoods
 * (its mean is {@code _sum / _count}) and whether they take the same send/skip decision at the threshold the caller
 * was answered with.
 */
public final class ShadowMetrics {

    static final AttributeKey<String> AGREEMENT = AttributeKey.stringKey("agreement");

    /** Differences between two models' likelihoods are mostly small: fine steps near zero. */
    private static final List<Double> DIFFERENCE_BUCKETS = List.of(0.000_1, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.2, 0.5, 1.0);

    private final DoubleHistogram difference;
    private final LongCounter decisions;

    public ShadowMetrics(Meter meter) {
        this.difference = meter.histogramBuilder("sluice.shadow.likelihood_difference")
                .setDescription("Absolute difference between the shadow candidate's likelihood and the one served, "
                        + "by partner and candidate version.")
                .setExplicitBucketBoundariesAdvice(DIFFERENCE_BUCKETS)
                .build();
        this.decisions = meter.counterBuilder("sluice.shadow.decisions")
                .setDescription("Shadow comparisons by partner and candidate version: whether the candidate takes the "
                        + "decision the serving model took, at the threshold the caller was answered with.")
                .setUnit("{decision}")
                .build();
    }

    /** The series of candidate {@code version}; used by one thread only. */
    public Candidate forCandidate(String version) {
        return new Candidate(version);
    }

    /** One candidate version's comparisons. Not thread-safe: the shadow scorer is one thread. */
    public final class Candidate {

        private final String version;
        private final Map<String, PartnerSeries> partners = new HashMap<>();

        private Candidate(String version) {
            this.version = version;
        }

        /** The candidate version these series are of. */
        public String version() {
            return version;
        }

        /** Records one partner's comparison: how far apart the likelihoods are, and whether the decisions agree. */
        public void record(String partner, double absoluteDifference, boolean agree) {
            PartnerSeries series = partners.computeIfAbsent(partner, p -> new PartnerSeries(
                    Attributes.of(PARTNER, p, MODEL_VERSION, version),
                    Attributes.of(PARTNER, p, MODEL_VERSION, version, AGREEMENT, "agree"),
                    Attributes.of(PARTNER, p, MODEL_VERSION, version, AGREEMENT, "disagree")));
            difference.record(absoluteDifference, series.partner());
            decisions.add(1, agree ? series.agree() : series.disagree());
        }
    }

    /** A partner's attribute sets, built once so recording a comparison allocates nothing. */
    private record PartnerSeries(Attributes partner, Attributes agree, Attributes disagree) {
    }
}
