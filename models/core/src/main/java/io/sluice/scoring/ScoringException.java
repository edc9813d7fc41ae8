package io.sluice.scoring;

/**
 * Why a request was not scored. Each protocol maps the {@link Reason} to its own error (a gRPC status, a Thrift
 * exception) and passes the message on to the caller, so the message must never contain internal details.
 */
public final class ScoringException extends Exception {

    /** The kinds of refusal; the names match the gRPC status codes they become. */
    public enum Reason {
        /** The request is malformed or asks for something the model cannot score; the message names the field. */
        INVALID_ARGUMENT,
        /** No model is loaded yet; the caller may retry. */
        UNAVAILABLE,
        /** The call's deadline or the request's {@code tmax} passed before scoring. */
        DEADLINE_EXCEEDED
    }

    /** The most characters of a caller's string that a message repeats. */
    public static final int MAX_ECHOED_CHARACTERS = 64;

    private final Reason reason;

    public ScoringException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** A malformed request; {@code message} names the field and what is accepted. */
    public static ScoringException invalid(String message) {
        return new ScoringException(Reason.INVALID_ARGUMENT, message);
    }

    /**
     * {@code value} cut to {@value #MAX_ECHOED_CHARACTERS} characters for a message: a caller's string echoed
     * whole could make the error larger than the response headers may be.
     */
    public static String shortened(String value) {
        return value.length() <= MAX_ECHOED_CHARACTERS ? value : value.substring(0, MAX_ECHOED_CHARACTERS) + "…";
    }

    public Reason reason() {
        return reason;
    }
}
