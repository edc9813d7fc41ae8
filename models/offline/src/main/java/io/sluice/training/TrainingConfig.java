package io.sluice.training;

import java.util.List;
import java.util.Objects;

/**
 * Hyper-parameters and split of one training run.
 *
 * @param hidden                 widths of the hidden ReLU layers; the first is the embedding-bag layer over the
 *                               multi-hot input
 * @param maxEpochs              upper bound on passes over the training split
 * @param patience               epochs without validation improvement before stopping early
 * @param batchSize              rows per mini-batch
 * @param learningRate           Adam learning rate of the layers above the first
 * @param embeddingLearningRate  AdaGrad learning rate of the first (embedding-bag) layer
 * @param learningRateDecay      both learning rates are multiplied by this after every epoch
 * @param l2                     L2 weight penalty of the layers above the first
 * @param seed                   seeds weight init and shuffling; the same data and seed give the same model
 * @param trainFraction          oldest share of rows (by arrival time) used for training
 * @param validationFraction     next share, used for early stopping and calibration; the newest rest is the test
 *                               set, and thresholds are measured on both
 * @param bidKeepRate            default thresholds keep this share of held-out bids per partner
 * @param weighting              the weight of each labelled entry (e.g. inverse propensity of exploration sends)
 * @param negativeRate           share of non-bid training entries each epoch keeps (negative down-sampling), in
 *                               (0, 1]; the model's logits are shifted by ln(rate) before calibration to undo it
 */
public record TrainingConfig(List<Integer> hidden, int maxEpochs, int patience, int batchSize, double learningRate,
                             double embeddingLearningRate, double learningRateDecay, double l2, long seed,
                             double trainFraction, double validationFraction, double bidKeepRate,
                             LabelWeighting weighting, double negativeRate) {

    public TrainingConfig {
        hidden = List.copyOf(hidden);
        Objects.requireNonNull(weighting, "weighting");
        if (hidden.isEmpty() || hidden.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("hidden layer widths must be positive, got " + hidden);
        }
        if (maxEpochs < 1 || patience < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs, patience and batch size must be at least 1");
        }
        if (!(learningRate > 0 && embeddingLearningRate > 0 && learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learning rates must be positive and the decay in (0, 1]");
        }
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("need 0 < train, 0 < validation and train + validation < 1");
        }
        if (!(bidKeepRate > 0 && bidKeepRate <= 1)) {
            throw new IllegalArgumentException("bidKeepRate must be in (0, 1], got " + bidKeepRate);
        }
        if (!(negativeRate > 0 && negativeRate <= 1)) {
            throw new IllegalArgumentException("the negative rate must be in (0, 1], got " + negativeRate);
        }
    }

    /**
     * The settings the bundled default model is trained with (chosen by validation log loss on 1M generated rows;
     * see MODEL_QUALITY.md).
     */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(List.of(32, 32), 8, 1, 1024, 2e-3, 0.03, 0.25, 1e-5, seed, 0.8, 0.1, 0.95,
                LabelWeighting.NONE, 1.0);
    }

    /** The same run with at most {@code epochs} epochs. */
    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(hidden, epochs, patience, batchSize, learningRate, embeddingLearningRate,
                learningRateDecay, l2, seed, trainFraction, validationFraction, bidKeepRate, weighting, negativeRate);
    }

    /** The same run with other hidden widths. */
    public TrainingConfig withHidden(List<Integer> widths) {
        return new TrainingConfig(widths, maxEpochs, patience, batchSize, learningRate, embeddingLearningRate,
                learningRateDecay, l2, seed, trainFraction, validationFraction, bidKeepRate, weighting, negativeRate);
    }

    /** The same run with another label weighting. */
    public TrainingConfig withWeighting(LabelWeighting labelWeighting) {
        return new TrainingConfig(hidden, maxEpochs, patience, batchSize, learningRate, embeddingLearningRate,
                learningRateDecay, l2, seed, trainFraction, validationFraction, bidKeepRate, labelWeighting,
                negativeRate);
    }

    /** The same run keeping only {@code rate} of the non-bid training entries each epoch. */
    public TrainingConfig withNegativeRate(double rate) {
        return new TrainingConfig(hidden, maxEpochs, patience, batchSize, learningRate, embeddingLearningRate,
                learningRateDecay, l2, seed, trainFraction, validationFraction, bidKeepRate, weighting, rate);
    }
}
