package io.sluice.service.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreBatchResponse;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.config.RequestLimits;
import io.sluice.service.scoring.ScoringService;
import io.sluice.service.telemetry.ServingMetrics;
import io.sluice.service.telemetry.SpanAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sluice.v1.Scorer} gRPC service: a thin protocol layer over {@link ScoringService}. */
public final class ScorerGrpcService extends ScorerGrpc.ScorerImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerGrpcService.class);

    private final ScoringService scoring;
    private final RequestLimits limits;
    private final ServingMetrics metrics;

    public ScorerGrpcService(ScoringService scoring, RequestLimits limits, ServingMetrics metrics) {
        this.scoring = scoring;
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
        try {
            responses.onNext(scoring.score(request, Context.current().getDeadline()));
            responses.onCompleted();
        } catch (StatusException e) {
            responses.onError(e);
        } catch (RuntimeException e) {
            responses.onError(internal(e));
        }
    }

    @Override
    public void scoreBatch(ScoreBatchRequest request, StreamObserver<ScoreBatchResponse> responses) {
        if (request.getRequestsCount() > limits.maxBatchRequests()) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("requests: at most " + limits.maxBatchRequests()
                    + " per batch, got " + request.getRequestsCount()).asException());
            return;
        }
        metrics.recordBatch(request.getRequestsCount());
        Span.current().setAttribute(SpanAttributes.BATCH_SIZE, request.getRequestsCount());
        ScoreBatchResponse.Builder batch = ScoreBatchResponse.newBuilder();
        for (ScoreRequest item : request.getRequestsList()) {
            batch.addOutcomes(outcome(item));
        }
        responses.onNext(batch.build());
        responses.onCompleted();
    }

    @Override
    public StreamObserver<ScoreRequest> scoreStream(StreamObserver<ScoreOutcome> outcomes) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ScoreRequest request) {
                outcomes.onNext(outcome(request));
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("client ended the score stream with an error: {}", Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                outcomes.onCompleted();
            }
        };
    }

    /** One request's scores, or its rejection as a {@code google.rpc.Status}. */
    private ScoreOutcome outcome(ScoreRequest request) {
        ScoreOutcome.Builder outcome = ScoreOutcome.newBuilder().setRequestId(request.getBidRequest().getId());
        try {
            return outcome.setResponse(scoring.score(request, Context.current().getDeadline())).build();
        } catch (StatusException e) {
            return outcome.setError(toRpcStatus(e.getStatus())).build();
        } catch (RuntimeException e) {
            return outcome.setError(toRpcStatus(internal(e).getStatus())).build();
        }
    }

    private static com.google.rpc.Status toRpcStatus(Status status) {
        return com.google.rpc.Status.newBuilder()
                .setCode(status.getCode().value())
                .setMessage(status.getDescription() == null ? "" : status.getDescription())
                .build();
    }

    private static StatusException internal(RuntimeException e) {
        LOG.error("scoring failed unexpectedly", e);
        return Status.INTERNAL.withDescription("internal error; see server log").asException();
    }
}
