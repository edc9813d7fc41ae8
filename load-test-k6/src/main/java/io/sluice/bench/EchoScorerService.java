package io.sluice.bench;

import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;

/**
 * The gRPC baseline: {@code sluice.v1.Scorer} answering every call with one fixed response of realistic size and
 * doing no other work, so its throughput is what the protocol stack alone allows on this machine.
 */
public final class EchoScorerService extends ScorerGrpc.ScorerImplBase {

    private final ScoreResponse response;
    private final ScoreOutcome outcome;

    public EchoScorerService(ScoreResponse response) {
        this.response = response;
        this.outcome = ScoreOutcome.newBuilder().setRequestId(response.getRequestId()).setResponse(response).build();
    }

    @Override
    public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
        responses.onNext(response);
        responses.onCompleted();
    }

    @Override
    public StreamObserver<ScoreRequest> scoreStream(StreamObserver<ScoreOutcome> outcomes) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ScoreRequest request) {
                outcomes.onNext(outcome);
            }

            @Override
            public void onError(Throwable t) {
                // The client ended the stream; there is nothing to release.
            }

            @Override
            public void onCompleted() {
                outcomes.onCompleted();
            }
        };
    }
}
