package io.sluice.service.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.sluice.scoring.CallDeadline;
import io.sluice.scoring.ScoringException;
import java.util.concurrent.TimeUnit;

/** Translates between the scoring core's types and gRPC's: refusals to statuses, call deadlines to the core's. */
public final class ScoringStatus {

    private ScoringStatus() {
    }

    /** The status a caller receives for {@code refusal}, with its message as the description. */
    public static Status of(ScoringException refusal) {
        return Status.fromCode(codeOf(refusal.reason())).withDescription(refusal.getMessage());
    }

    /** The gRPC code of a refusal reason. */
    public static Status.Code codeOf(ScoringException.Reason reason) {
        return switch (reason) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
        };
    }

    /** The deadline of the gRPC call in {@code context}, or none. */
    public static CallDeadline deadlineOf(Context context) {
        Deadline deadline = context.getDeadline();
        return deadline == null ? CallDeadline.NONE
                : CallDeadline.afterNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
    }
}
