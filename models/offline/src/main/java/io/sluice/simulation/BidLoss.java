package io.sluice.simulation;

/**
 * The bids one shaped round lost against what its thresholds promised, each with its standard error, so that a
 * miss can be told from noise: the promise is estimated on a validation sample (few explored bids below the
 * threshold make it uncertain) and the round's own bids are a sample too.
 *
 * @param lost                  share of the round's true bids that were not sent
 * @param lostStandardError     binomial standard error of {@code lost}
 * @param promised              share of the round's true bids the policy expected to lose: below the thresholds'
 *                              recall targets and not explored
 * @param promisedStandardError standard error of {@code promised}, from the held-out tables; NaN when unknown
 */
public record BidLoss(double lost, double lostStandardError, double promised, double promisedStandardError) {

    /** Round 0: everything sent, nothing lost or promised. */
    public static final BidLoss NONE = new BidLoss(0, 0, 0, 0);

    /** How many more bids were lost than promised (negative: fewer). */
    public double miss() {
        return lost - promised;
    }

    /** The standard error of {@link #miss}: both errors, taken as independent. */
    public double missStandardError() {
        return Math.hypot(lostStandardError, promisedStandardError);
    }
}
