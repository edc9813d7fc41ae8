package io.sluice.bench;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@code sluice.v1.Scorer/ScoreStream}: one bidirectional stream per connection for the whole step. Outcomes come
 * back in request order, so each stream matches them to send times with a FIFO queue.
 */
public final class GrpcStreamLoad implements LoadProtocol {

    private final GrpcChannels channels;
    private final List<ScoreRequest> requests;

    public GrpcStreamLoad(GrpcChannels channels, List<ScoreRequest> requests) {
        this.channels = channels;
        this.requests = requests;
    }

    @Override
    public String name() {
        return "grpc-stream";
    }

    @Override
    public Sender begin(StepRecorder recorder) {
        List<OpenStream> streams = new ArrayList<>();
        for (var channel : channels.all()) {
            streams.add(new OpenStream(ScorerGrpc.newStub(channel), recorder));
        }
        return new Sender() {
            private long sent;

            @Override
            public void send(long intendedNanos) {
                OpenStream stream = streams.get((int) (sent % streams.size()));
                stream.send(requests.get((int) (sent % requests.size())), intendedNanos);
                sent++;
            }

            @Override
            public void close() {
                streams.forEach(OpenStream::halfClose);
            }
        };
    }

    @Override
    public void close() {
        channels.close();
    }

    /** One stream and the send times of its unanswered requests, oldest first. */
    private static final class OpenStream implements StreamObserver<ScoreOutcome> {

        private final Queue<Long> pending = new ConcurrentLinkedQueue<>();
        private final StepRecorder recorder;
        private final StreamObserver<ScoreRequest> requests;

        OpenStream(ScorerGrpc.ScorerStub stub, StepRecorder recorder) {
            this.recorder = recorder;
            this.requests = stub.scoreStream(this);
        }

        void send(ScoreRequest request, long intendedNanos) {
            // Queue the send time first: the answer may arrive before onNext returns.
            pending.add(intendedNanos);
            requests.onNext(request);
        }

        void halfClose() {
            requests.onCompleted();
        }

        @Override
        public void onNext(ScoreOutcome outcome) {
            Long intended = pending.poll();
            if (intended == null) {
                return;
            }
            if (outcome.hasError()) {
                recorder.failed(Status.fromCodeValue(outcome.getError().getCode()).getCode().name(), intended);
            } else {
                recorder.succeeded(intended);
            }
        }

        @Override
        public void onError(Throwable t) {
            String reason = Status.fromThrowable(t).getCode().name();
            while (pending.poll() != null) {
                recorder.failed(reason);
            }
        }

        @Override
        public void onCompleted() {
        }
    }
}
