package io.sluice.service.scoring;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.service.config.ModelConfig;
import java.nio.file.Path;

/** Reads, verifies and prepares the artifact named by the model config. */
public final class ModelLoader {

    /** Classpath folder of the model shipped in the jar. */
    public static final String BUNDLED_PREFIX = "/bundled-model";

    private ModelLoader() {
    }

    public static ServingModel load(ModelConfig config) throws ArtifactException {
        ArtifactFiles files = ModelConfig.BUNDLED.equals(config.location())
                ? ArtifactFiles.classpath(BUNDLED_PREFIX)
                : ArtifactFiles.directory(Path.of(config.location()));
        ModelArtifact artifact = ModelArtifact.read(files, config.maxArtifactBytes());
        try {
            return ServingModel.of(artifact, config);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException(files.location() + ": cannot serve with " + config.inference()
                    + " inference: " + e.getMessage(), e);
        }
    }
}
