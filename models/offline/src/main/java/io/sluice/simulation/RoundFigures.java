package io.sluice.simulation;

/**
 * What one round of one configuration measured. Round 0 is the fully labelled start (shaping off, nothing saved or
 * lost); in round r >= 1 the model trained after round r - 1 served the round's requests, and the model trained
 * after it, on every round's labels so far, is the one whose AUC is given.
 *
 * @param configuration     the configuration's name, e.g. "explore 0.01 / none"
 * @param explorationRate   share of requests sent to each partner whatever their score
 * @param weighting         the trainer's weighting of exploration sends
 * @param round             0 for the fully labelled start
 * @param requestsTrainedOn requests in every round so far, labelled or not, that the model was trained on
 * @param requestsSaved     share of (request, partner) pairs not sent this round
 * @param bidsLost          this round's true bids not sent against what the policy promised, with their errors
 * @param labelledShare     share of this round's (request, partner) pairs that came back labelled
 * @param auc               the model's mean per-partner AUC on the unbiased test set
 * @param referenceAuc      the same for a model trained with every label of the same requests
 * @param bayesAuc          the same for the true probabilities: the ceiling
 */
public record RoundFigures(String configuration, double explorationRate, String weighting, int round,
                           long requestsTrainedOn, double requestsSaved, BidLoss bidsLost, double labelledShare,
                           double auc, double referenceAuc, double bayesAuc) {

    /** How far the model is below the ceiling. */
    public double aucGapToBayes() {
        return bayesAuc - auc;
    }

    /** How far the full-label model on the same requests is below the ceiling. */
    public double referenceAucGapToBayes() {
        return bayesAuc - referenceAuc;
    }

    /** How far the model is below the full-label model on the same requests. */
    public double aucGapToReference() {
        return referenceAuc - auc;
    }
}
