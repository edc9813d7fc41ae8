package io.sluice.simulation;

import io.sluice.training.LabelWeighting;
import java.util.List;

/**
 * What one simulation runs.
 *
 * @param requestsPerRound requests generated per round, the fully labelled start (round 0) included
 * @param rounds           shaped rounds after the start
 * @param explorationRates one configuration per rate (and weighting)
 * @param weightings       the trainer's weightings of exploration sends to compare, one configuration each
 * @param recallTarget     share of each partner's bids its serving threshold should keep
 * @param testRequests     requests of the unbiased, fully labelled test set
 * @param epochs           most epochs of each training
 * @param seed             fixes the traffic, its ground truth, exploration draws and training
 */
public record SimulationSettings(int requestsPerRound, int rounds, List<Double> explorationRates,
                                 List<LabelWeighting> weightings, double recallTarget, int testRequests, int epochs,
                                 long seed) {

    public SimulationSettings {
        explorationRates = List.copyOf(explorationRates);
        weightings = List.copyOf(weightings);
        if (requestsPerRound < 1000) {
            throw new IllegalArgumentException("--requests-per-round must be at least 1000 (a training split needs "
                    + "rows in each part), got " + requestsPerRound);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (explorationRates.isEmpty() || explorationRates.stream().anyMatch(rate -> !(rate >= 0 && rate <= 1))) {
            throw new IllegalArgumentException("--exploration rates must be in [0, 1], got " + explorationRates);
        }
        if (weightings.isEmpty()) {
            throw new IllegalArgumentException("--weighting needs at least one weighting");
        }
        if (!(recallTarget > 0 && recallTarget <= 1)) {
            throw new IllegalArgumentException("--recall-target must be above 0 and at most 1, got " + recallTarget);
        }
        if (testRequests < 1000) {
            throw new IllegalArgumentException("--test-requests must be at least 1000, got " + testRequests);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
    }
}
