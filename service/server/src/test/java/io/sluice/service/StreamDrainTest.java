package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A stop with {@code ScoreStream} calls open: a stream has no natural end, so waiting for it would always take the
 * whole shutdown grace and then cut it. The server instead answers what it has accepted and ends each stream with a
 * status that tells the client to reconnect.
 */
class StreamDrainTest {

    @Test
    void aStopAnswersEveryAcceptedStreamRequestThenEndsTheStreamUnavailableWithoutWaitingForTheGrace()
            throws Exception {
        RunningServer running = RunningServer.inProcess(Map.of("thrift.enabled", "false",
                "grpc.shutdown-grace", "10s"));
        List<ScoreOutcome> outcomes = new CopyOnWriteArrayList<>();
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<ScoreRequest> requests = ScorerGrpc.newStub(running.channel).scoreStream(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ScoreOutcome outcome) {
                        outcomes.add(outcome);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
        for (int i = 0; i < 20; i++) {
            requests.onNext(Requests.scoreRequest("before-stop-" + i));
        }
        while (outcomes.size() < 20) {
            Thread.sleep(5);
        }

        long started = System.nanoTime();
        running.server.stop();
        double stopSeconds = (System.nanoTime() - started) / 1e9;
        running.close();

        Status status = ended.get(5, TimeUnit.SECONDS);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).contains("shutting down").contains("new stream");
        assertThat(outcomes).extracting(ScoreOutcome::getRequestId)
                .containsExactlyElementsOf(IntStream.range(0, 20)
                        .mapToObj(i -> "before-stop-" + i).toList());
        assertThat(outcomes).allMatch(ScoreOutcome::hasResponse);
        assertThat(stopSeconds).as("stop with an open stream, grace 10 s").isLessThan(3.0);
    }
}
