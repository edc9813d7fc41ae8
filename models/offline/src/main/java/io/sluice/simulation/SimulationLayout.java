package io.sluice.simulation;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a simulation writes, under its output folder: the generated traffic ({@code data/}, also the shard folder
 * the full-label reference models train from), the reference models ({@code reference/}), one folder per
 * configuration with the shards its loop imported ({@code shards/}) and the models it deployed, and the report at
 * the top.
 */
record SimulationLayout(Path root) {

    /** The generated traffic's folder: every round with all labels, and the test set. */
    Path generated() {
        return root.resolve("data");
    }

    /** The file name of round {@code round}'s shard in a shard folder. */
    static String roundShard(int round) {
        return "round-" + round + ".binpb";
    }

    /** Round {@code round}'s requests with every partner's drawn outcome and true probability. */
    Path generatedRound(int round) {
        return generated().resolve(roundShard(round));
    }

    /** The unbiased, fully labelled test requests. */
    Path testSet() {
        return generated().resolve("test.binpb");
    }

    /** The model trained with every label of rounds 0 to {@code round}. */
    Path referenceModel(int round) {
        return root.resolve("reference").resolve("model-" + round);
    }

    /** A configuration's folder, named after it, e.g. {@code exploration-0.01-none}. */
    Path configuration(double explorationRate, String weighting) {
        return root.resolve(String.format(Locale.ROOT, "exploration-%s-%s", explorationRate, weighting));
    }

    /** The shard folder of a configuration's training rows: round 0's, then what its import made of each round. */
    static Path shards(Path configuration) {
        return configuration.resolve("shards");
    }

    /** The model a configuration trained after round {@code round} and deployed for the next. */
    static Path model(Path configuration, int round) {
        return configuration.resolve("model-" + round);
    }
}
