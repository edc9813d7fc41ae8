package io.sluice.training;

import java.util.List;

/**
 * Hyper-parameters and split of one training run.
 *
 * @param hidden             widths of the hidden ReLU layers
 * @param maxEpochs          upper bound on passes over the training split
 * @param patience           epochs without validation improvement before stopping early
 * @param batchSize          rows per mini-batch
 * @param learningRate       Adam learning rate
 * @param l2                 L2 weight penalty
 * @param seed               seeds weight init and shuffling; the same data and seed give the same model
 * @param trainFraction      oldest share of rows (by arrival time) used for training
 * @param validationFraction next share, used for early stopping and thresholds; the newest rest is the test set
 * @param bidKeepRate        default thresholds keep this share of validation bids per partner
 */
public record TrainingConfig(List<Integer> hidden, int maxEpochs, int patience, int batchSize, double learningRate,
                             double l2, long seed, double trainFraction, double validationFraction,
                             double bidKeepRate) {

    public TrainingConfig {
        hidden = List.copyOf(hidden);
        if (hidden.isEmpty() || hidden.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("hidden layer widths must be positive, got " + hidden);
        }
        if (maxEpochs < 1 || patience < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs, patience and batch size must be at least 1");
        }
        if (!(trainFraction > 0 && validationFraction > 0 && trainFraction + validationFraction < 1)) {
            throw new IllegalArgumentException("need 0 < train, 0 < validation and train + validation < 1");
        }
        if (!(bidKeepRate > 0 && bidKeepRate <= 1)) {
            throw new IllegalArgumentException("bidKeepRate must be in (0, 1], got " + bidKeepRate);
        }
    }

    /** The settings the bundled default model is trained with. */
    public static TrainingConfig defaults(long seed) {
        return new TrainingConfig(List.of(64, 32), 8, 2, 256, 2e-3, 1e-5, seed, 0.8, 0.1, 0.95);
    }
}
