package io.sluice.compat.thrift;

import io.grpc.Deadline;
import io.grpc.StatusException;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;

/** The scoring core as the legacy adapter sees it: the v1 API call, with gRPC status codes for errors. */
@FunctionalInterface
public interface ScoringBackend {

    /** Scores {@code request}, giving up once {@code deadline} has passed. */
    ScoreResponse score(ScoreRequest request, Deadline deadline) throws StatusException;
}
