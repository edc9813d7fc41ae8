package io.sluice.scoring;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds the model being served, the one before it, and an optional candidate version on trial. A request reads its
 * model once and uses it to the end, so a swap never mixes two models in one response; in-flight requests finish on
 * the model they started with.
 *
 * <p>With a canary share, the candidate serves the requests whose id that {@link RequestIdSample} picks, so a
 * request always lands on the same version; without one, the candidate serves nothing here (shadow scoring reads
 * it from {@link #candidate()}).
 */
public final class ModelRegistry {

    private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
    private final RequestIdSample canary;
    private volatile ServingModel current;
    private volatile ServingModel candidate;
    private ServingModel previous;

    /** A registry whose candidate, if any, serves no request. */
    public ModelRegistry() {
        this(RequestIdSample.NONE);
    }

    /** A registry whose candidate serves the requests {@code canary} picks. */
    public ModelRegistry(RequestIdSample canary) {
        this.canary = canary;
    }

    /** The serving model, or empty while none has loaded yet. */
    public Optional<ServingModel> current() {
        return Optional.ofNullable(current);
    }

    /** The model that scores the request with id {@code requestId}: the candidate for the canary share. */
    public Optional<ServingModel> forRequest(String requestId) {
        ServingModel trial = candidate;
        return Optional.ofNullable(trial != null && canary.includes(requestId) ? trial : current);
    }

    /** The model that served before the current one, if any. */
    public synchronized Optional<ServingModel> previous() {
        return Optional.ofNullable(previous);
    }

    /** The candidate version on trial, if any. */
    public Optional<ServingModel> candidate() {
        return Optional.ofNullable(candidate);
    }

    /**
     * Makes {@code model} the one new requests use; the replaced model becomes the rollback target. A candidate of
     * the same version is done with (it now serves everything) and is cleared.
     */
    public synchronized void install(ServingModel model) {
        previous = current;
        current = model;
        if (candidate != null && candidate.version().equals(model.version())) {
            candidate = null;
        }
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

    /** Puts {@code model} on trial, replacing any candidate; it must not be the version serving. */
    public synchronized void setCandidate(ServingModel model) {
        if (current != null && current.version().equals(model.version())) {
            throw new IllegalStateException("model " + model.version() + " is already serving");
        }
        candidate = model;
    }

    /** Ends the trial, if any; returns the candidate it ended. */
    public synchronized Optional<ServingModel> clearCandidate() {
        Optional<ServingModel> ended = Optional.ofNullable(candidate);
        candidate = null;
        return ended;
    }

    /** Makes the candidate the serving model; the model it replaces becomes the rollback target. */
    public synchronized ServingModel promote() {
        if (candidate == null) {
            throw new IllegalStateException("there is no candidate model to promote");
        }
        install(candidate);
        return current;
    }

    /** Calls {@code listener} after every install, rollback and promotion, with the model now serving. */
    public void onInstall(Consumer<ServingModel> listener) {
        listeners.add(listener);
    }
}
