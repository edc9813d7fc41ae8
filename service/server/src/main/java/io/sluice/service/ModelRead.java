package io.sluice.service;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.ModelConfig;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The configured bundled model or artifact folder, read and checked on its own thread from the moment it is begun,
 * so that the read overlaps the rest of the start-up (telemetry, the endpoints binding).
 */
public final class ModelRead {

    private final String location;
    private final FutureTask<ServingModel> reading;

    private ModelRead(ModelConfig model) {
        this.location = model.location();
        this.reading = new FutureTask<>(() -> now(model));
    }

    /** Starts reading the model {@code model} names (bundled or an artifact folder, not a store) on a new thread. */
    static ModelRead begin(ModelConfig model) {
        ModelRead read = new ModelRead(model);
        Thread thread = new Thread(read.reading, "model-load");
        thread.setDaemon(true);
        thread.start();
        return read;
    }

    /** Reads the model {@code model} names on the calling thread; any failure is an {@link ArtifactException}. */
    static ServingModel now(ModelConfig model) throws ArtifactException {
        try {
            return ModelConfig.BUNDLED.equals(model.location()) ? ModelLoader.bundled(model.serving())
                    : ModelLoader.load(ArtifactFiles.directory(Path.of(model.location())), model.serving());
        } catch (RuntimeException | Error e) {
            // Not left to kill the calling (main) thread while the endpoints stay up NOT_SERVING for ever.
            throw new ArtifactException(model.location() + ": cannot load the model: " + e, e);
        }
    }

    /** Waits for the read: the model, or why it cannot be served. */
    ServingModel await() throws ArtifactException {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArtifactException(location + ": interrupted while loading the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ArtifactException refused) {
                throw refused;
            }
            throw new ArtifactException(location + ": cannot load the model: " + e.getCause(), e.getCause());
        }
    }
}
