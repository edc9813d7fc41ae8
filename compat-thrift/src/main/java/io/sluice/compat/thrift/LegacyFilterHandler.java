package io.sluice.compat.thrift;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.sluice.api.v1.ScoreResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TApplicationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the legacy {@code filter} call from the v1 scoring core. A request that cannot be scored ends with a
 * {@link TApplicationException} whose message starts with the gRPC status code; it never returns a made-up
 * likelihood (the legacy server's 0.0-on-error looked like a real score).
 */
public final class LegacyFilterHandler implements BidRequestFilter.Iface {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyFilterHandler.class);

    private final ScoringBackend backend;
    private final LegacyRequestMapper mapper;
    private final Duration requestBudget;

    public LegacyFilterHandler(ScoringBackend backend, LegacyRequestMapper mapper, Duration requestBudget) {
        this.backend = backend;
        this.mapper = mapper;
        this.requestBudget = requestBudget;
    }

    @Override
    public BidResponse filter(BidRequest request) throws TApplicationException {
        if (request == null) {
            throw failure(Status.INVALID_ARGUMENT.withDescription("request: required"));
        }
        try {
            Deadline deadline = Deadline.after(requestBudget.toNanos(), TimeUnit.NANOSECONDS);
            ScoreResponse response = backend.score(mapper.toScoreRequest(request), deadline);
            return new BidResponse(response.getScores(0).getLikelihood());
        } catch (StatusException e) {
            throw failure(e.getStatus());
        } catch (RuntimeException e) {
            LOG.error("legacy filter call failed unexpectedly", e);
            throw failure(Status.INTERNAL.withDescription("internal error; see server log"));
        }
    }

    /** The status code at the start of a {@link #filter} failure's message; UNKNOWN for any other exception. */
    public static Status.Code statusOf(TApplicationException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int colon = message.indexOf(':');
        try {
            return Status.Code.valueOf(colon < 0 ? message : message.substring(0, colon));
        } catch (IllegalArgumentException e) {
            return Status.Code.UNKNOWN;
        }
    }

    private static TApplicationException failure(Status status) {
        int type = status.getCode() == Status.Code.INTERNAL ? TApplicationException.INTERNAL_ERROR
                : TApplicationException.UNKNOWN;
        String message = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        LOG.debug("legacy filter call rejected: {}", message);
        return new TApplicationException(type, message);
    }
}
