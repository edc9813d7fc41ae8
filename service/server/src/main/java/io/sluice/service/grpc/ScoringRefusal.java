package io.sluice.service.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.sluice.api.v1.ScoreOutcome;

/**
 * A prebuilt answer to a Scorer request refused as overloaded before it was parsed: the call's error, and the
 * outcome a ScoreStream sends for that one request. Built once and reused, so a refusal costs no parsing, no
 * exception stack trace and no message building.
 *
 * @param reason  why, as the {@code reason} label of {@code sluice_requests_shed_total}
 * @param error   what a unary call is answered
 * @param outcome what a stream request is answered, in its place among the stream's outcomes
 */
record ScoringRefusal(String reason, StatusException error, ScoreOutcome outcome) {

    /** A RESOURCE_EXHAUSTED refusal for {@code reason} that tells the caller {@code description}. */
    static ScoringRefusal of(String reason, String description) {
        Status status = Status.RESOURCE_EXHAUSTED.withDescription(description);
        return new ScoringRefusal(reason, status.asException(), ScoreOutcome.newBuilder()
                .setError(com.google.rpc.Status.newBuilder().setCode(status.getCode().value()).setMessage(description))
                .build());
    }
}
