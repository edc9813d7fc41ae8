package io.sluice.scoring;

import io.sluice.shaping.RecallTarget;

/**
 * How a verified artifact is made ready to serve.
 *
 * @param inference        how the network is evaluated
 * @param dl4jPoolSize     network clones for {@link Inference#DL4J} (a DL4J network is not thread-safe)
 * @param maxArtifactBytes largest artifact file accepted
 * @param warmupPasses     scoring passes run on a new model before it takes traffic
 * @param recallTarget     picks each partner's threshold from the artifact's threshold table when it loads
 */
public record ServingOptions(Inference inference, int dl4jPoolSize, long maxArtifactBytes, int warmupPasses,
                             RecallTarget recallTarget) {

    /** Options that serve each partner at the model's default threshold. */
    public ServingOptions(Inference inference, int dl4jPoolSize, long maxArtifactBytes, int warmupPasses) {
        this(inference, dl4jPoolSize, maxArtifactBytes, warmupPasses, RecallTarget.NONE);
    }

    /** How the network is evaluated at serving time. */
    public enum Inference {
        /** Trained weights run as plain Java loops (verified against DL4J). */
        COMPILED,
        /** One DL4J {@code output()} call per request on a pool of network clones. */
        DL4J
    }
}
