package io.sluice.simulation;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a simulation writes, under its output folder: the generated traffic ({@code data/}), the full-label
 * reference models ({@code reference/}), one folder per configuration with the rows its loop imported and the
 * models it deployed, and the report at the top.
 */
record SimulationLayout(Path root) {

    /** Round {@code round}'s requests with every partner's drawn outcome and true probability. */
    Path generatedRound(int round) {
        return root.resolve("data").resolve("round-" + round + ".binpb");
    }

    /** The unbiased, fully labelled test requests. */
    Path testSet() {
        return root.resolve("data").resolve("test.binpb");
    }

    /** The model trained with every label of rounds 0 to {@code round}. */
    Path referenceModel(int round) {
        return root.resolve("reference").resolve("model-" + round);
    }

    /** A configuration's folder, named after it, e.g. {@code exploration-0.01-none}. */
    Path configuration(double explorationRate, String weighting) {
        return root.resolve(String.format(Locale.ROOT, "exploration-%s-%s", explorationRate, weighting));
    }

    /** The training rows a configuration's import made of round {@code round}'s decisions and outcomes. */
    static Path importedRound(Path configuration, int round) {
        return configuration.resolve("imported-round-" + round + ".binpb");
    }

    /** The model a configuration trained after round {@code round} and deployed for the next. */
    static Path model(Path configuration, int round) {
        return configuration.resolve("model-" + round);
    }
}
