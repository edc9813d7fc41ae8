package io.sluice.service.scoring;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the model being served. A request reads the reference once and uses that model to the end, so a swap
 * never mixes two models in one response.
 */
public final class ModelRegistry {

    private final AtomicReference<ServingModel> current = new AtomicReference<>();

    /** The serving model, or empty while none has loaded yet. */
    public Optional<ServingModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Makes {@code model} the one new requests use. */
    public void install(ServingModel model) {
        current.set(model);
    }
}
