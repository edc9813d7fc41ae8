package io.sluice.scoring;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;

/** Reads, verifies, prepares and warms up model artifacts. */
public final class ModelLoader {

    /** Classpath folder of the model shipped in the jar. */
    public static final String BUNDLED_PREFIX = "/bundled-model";

    private ModelLoader() {
    }

    /** The bundled model. */
    public static ServingModel bundled(ServingOptions options) throws ArtifactException {
        return load(ArtifactFiles.classpath(BUNDLED_PREFIX), options);
    }

    /** Reads and verifies the artifact in {@code files}, then builds the configured predictor and warms it up. */
    public static ServingModel load(ArtifactFiles files, ServingOptions options) throws ArtifactException {
        ModelArtifact artifact = ModelArtifact.read(files, options.maxArtifactBytes());
        ServingModel model;
        try {
            model = ServingModel.of(artifact, options);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException(files.location() + ": cannot serve with " + options.inference()
                    + " inference: " + e.getMessage(), e);
        }
        model.warmUp(options.warmupPasses());
        return model;
    }
}
