package io.sluice.bench;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.client.AdaptiveThrottle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Unary {@code sluice.v1.Scorer/Score} calls, each with a deadline, spread round-robin over a few connections. */
public final class GrpcUnaryLoad implements LoadProtocol {

    private final GrpcChannels channels;
    private final List<ScoreRequest> requests;
    private final long deadlineNanos;

    public GrpcUnaryLoad(GrpcChannels channels, List<ScoreRequest> requests, Duration deadline) {
        this.channels = channels;
        this.requests = requests;
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public String name() {
        return "grpc-unary";
    }

    @Override
    public Sender begin(StepRecorder recorder) {
        List<ScorerGrpc.ScorerStub> stubs = channels.all().stream().map(ScorerGrpc::newStub).toList();
        return new Sender() {
            private long sent;

            @Override
            public void send(long intendedNanos) {
                ScoreRequest request = requests.get((int) (sent % requests.size()));
                ScorerGrpc.ScorerStub stub = stubs.get((int) (sent % stubs.size()));
                sent++;
                stub.withDeadlineAfter(deadlineNanos, TimeUnit.NANOSECONDS).score(request, new StreamObserver<>() {
                    @Override
                    public void onNext(ScoreResponse response) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = Status.fromThrowable(t);
                        recorder.failed(AdaptiveThrottle.refusedInClient(status) ? StepRecorder.THROTTLED
                                : status.getCode().name(), intendedNanos);
                    }

                    @Override
                    public void onCompleted() {
                        recorder.succeeded(intendedNanos);
                    }
                });
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        channels.close();
    }
}
