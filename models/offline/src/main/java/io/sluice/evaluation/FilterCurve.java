package io.sluice.evaluation;

import io.sluice.training.ScoreSummary;

/**
 * The traffic-shaping trade-off of a score: filtering (not sending) every request scored below a threshold drops
 * a share of all requests and loses a share of the real bids. For every bin edge of the scores' {@link ScoreSummary}
 * used as the threshold, from filtering nothing (0, 1) to filtering everything (1, 0): the share of requests
 * filtered and the share of bids still kept.
 *
 * @param filteredShare non-decreasing, x of each point
 * @param keptBidShare  non-increasing, y of each point
 */
public record FilterCurve(double[] filteredShare, double[] keptBidShare) {

    /** @throws IllegalArgumentException if the summary is empty or a class is absent */
    public static FilterCurve of(ScoreSummary scores) {
        RankedScores ranked = RankedScores.of(scores);
        int groups = ranked.groups();
        double[] filtered = new double[groups + 1];
        double[] kept = new double[groups + 1];
        kept[0] = 1;
        double filteredRows = 0;
        double lostBids = 0;
        // Filtering starts with the lowest scores, which are the last groups.
        for (int k = 1; k <= groups; k++) {
            int g = groups - k;
            filteredRows += ranked.counts[g];
            lostBids += ranked.positives[g];
            filtered[k] = filteredRows / ranked.totalRows;
            kept[k] = 1 - lostBids / ranked.totalPositives;
        }
        return new FilterCurve(filtered, kept);
    }

    /**
     * The largest share of requests a threshold can filter while still keeping at least {@code bidShare} of the
     * bids (0 when even the lowest-scored group holds too many bids).
     */
    public double filteredShareKeeping(double bidShare) {
        if (!(bidShare >= 0 && bidShare <= 1)) {
            throw new IllegalArgumentException("bidShare must be in [0, 1], got " + bidShare);
        }
        double best = 0;
        // Kept-bid shares only fall as more is filtered; tolerate rounding in 1 - lost / total.
        for (int k = 0; k < filteredShare.length && keptBidShare[k] >= bidShare - 1e-12; k++) {
            best = filteredShare[k];
        }
        return best;
    }

    /** At most {@code maxPoints} of the points, evenly spread and always keeping both ends, for plotting. */
    public FilterCurve sampled(int maxPoints) {
        int[] keep = CurveSampling.indices(filteredShare.length, maxPoints);
        return new FilterCurve(CurveSampling.pick(filteredShare, keep), CurveSampling.pick(keptBidShare, keep));
    }
}
