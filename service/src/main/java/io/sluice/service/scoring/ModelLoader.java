package io.sluice.service.scoring;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.service.config.ModelConfig;
import java.nio.file.Path;

/** Reads, verifies, prepares and warms up model artifacts. */
public final class ModelLoader {

    /** Classpath folder of the model shipped in the jar. */
    public static final String BUNDLED_PREFIX = "/bundled-model";

    private ModelLoader() {
    }

    /** The bundled model, or the single artifact folder the config names. */
    public static ServingModel load(ModelConfig config) throws ArtifactException {
        return load(ModelConfig.BUNDLED.equals(config.location())
                ? ArtifactFiles.classpath(BUNDLED_PREFIX)
                : ArtifactFiles.directory(Path.of(config.location())), config);
    }

    /** The bundled model. */
    public static ServingModel bundled(ModelConfig config) throws ArtifactException {
        return load(ArtifactFiles.classpath(BUNDLED_PREFIX), config);
    }

    /** Reads and verifies the artifact in {@code files}, then builds the configured predictor and warms it up. */
    public static ServingModel load(ArtifactFiles files, ModelConfig config) throws ArtifactException {
        ModelArtifact artifact = ModelArtifact.read(files, config.maxArtifactBytes());
        ServingModel model;
        try {
            model = ServingModel.of(artifact, config);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException(files.location() + ": cannot serve with " + config.inference()
                    + " inference: " + e.getMessage(), e);
        }
        model.warmUp(config.warmupPasses());
        return model;
    }
}
