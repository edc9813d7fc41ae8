package io.sluice.scoring;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds the model being served and the one before it. A request reads the current model once and uses it to the
 * end, so a swap never mixes two models in one response; in-flight requests finish on the model they started with.
 */
public final class ModelRegistry {

    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
    private volatile ServingModel current;
    private ServingModel previous;

    /** The serving model, or empty while none has loaded yet. */
    public Optional<ServingModel> current() {
        return Optional.ofNullable(current);
    }

    /** The model that served before the current one, if any. */
    public synchronized Optional<ServingModel> previous() {
        return Optional.ofNullable(previous);
    }

    /** Makes {@code model} the one new requests use; the replaced model becomes the rollback target. */
    public synchronized void install(ServingModel model) {
        previous = current;
        current = model;
        listeners.forEach(listener -> listener.accept(model));
    }

    /** Swaps back to the previous model; the replaced one becomes the new rollback target. */
    public synchronized ServingModel rollback() {
        if (previous == null) {
            throw new IllegalStateException("there is no previous model to roll back to");
        }
        install(previous);
        return current;
    }

    /** Calls {@code listener} after every install and rollback, with the model now serving. */
    public void onInstall(Consumer<ServingModel> listener) {
        listeners.add(listener);
    }
}
