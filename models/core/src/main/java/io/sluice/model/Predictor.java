package io.sluice.model;

import io.sluice.features.FeatureVector;

/** Computes every partner's bid likelihood for one feature vector. Implementations are thread-safe. */
public interface Predictor {

    /** Writes one probability per model output into {@code out} (at least as long as the number of partners). */
    void predict(FeatureVector features, float[] out);
}
