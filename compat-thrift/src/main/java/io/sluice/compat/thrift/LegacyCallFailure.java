package io.sluice.compat.thrift;

import io.sluice.scoring.ScoringException;
import java.util.Optional;
import org.apache.thrift.TApplicationException;

/**
 * A legacy call that ended without a likelihood. On the wire it is the {@link TApplicationException} the contract
 * promises, its message starting with the status name ("INVALID_ARGUMENT: dayOfWeek: ..."); in the server it keeps
 * the refusal's reason typed, so metrics and spans never parse the text back.
 */
public final class LegacyCallFailure extends TApplicationException {

    private static final long serialVersionUID = 1L;
    private static final String INTERNAL = "INTERNAL";

    private final transient ScoringException.Reason reason;

    private LegacyCallFailure(int type, String message, ScoringException.Reason reason) {
        super(type, message);
        this.reason = reason;
    }

    /** The request was refused by the scoring core or the legacy mapping. */
    static LegacyCallFailure refused(ScoringException refusal) {
        return new LegacyCallFailure(UNKNOWN, refusal.reason() + ": " + refusal.getMessage(), refusal.reason());
    }

    /** The server failed; the caller learns no details. */
    static LegacyCallFailure internal() {
        return new LegacyCallFailure(INTERNAL_ERROR, INTERNAL + ": internal error; see server log", null);
    }

    /** Why the request was refused, or empty when the server failed. */
    public Optional<ScoringException.Reason> reason() {
        return Optional.ofNullable(reason);
    }
}
