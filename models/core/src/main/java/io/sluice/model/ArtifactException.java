package io.sluice.model;

/** A model artifact that cannot be used: unreadable, corrupt, or built for a feature spec this code lacks. */
public final class ArtifactException extends Exception {

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
