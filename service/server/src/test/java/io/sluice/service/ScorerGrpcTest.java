package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreBatchResponse;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.service.grpc.ByteArrayMarshaller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScorerGrpcTest {

    private static RunningServer running;
    private static ScorerGrpc.ScorerBlockingStub scorer;

    @BeforeAll
    static void start() throws Exception {
        running = RunningServer.inProcess(Map.of());
        scorer = ScorerGrpc.newBlockingStub(running.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    @Test
    void scoreReturnsOneProbabilityPerRequestedPartnerWithTheModelVersion() {
        ScoreResponse response = scorer.score(Requests.scoreRequest("r1", "3358", "1458"));

        assertThat(response.getRequestId()).isEqualTo("r1");
        assertThat(response.getModelVersion()).isNotEmpty();
        assertThat(response.getScoresList()).extracting(s -> s.getPartnerId()).containsExactly("3358", "1458");
        assertThat(response.getScoresList()).allSatisfy(score -> {
            assertThat(score.getLikelihood()).isBetween(0.0, 1.0);
            assertThat(score.getDecision()).isEqualTo(score.getLikelihood() >= score.getThreshold()
                    ? Decision.DECISION_SEND : Decision.DECISION_SKIP);
        });
    }

    @Test
    void emptyPartnerListScoresEveryPartnerTheModelKnows() {
        ScoreResponse response = scorer.score(Requests.scoreRequest("r2"));

        assertThat(response.getScoresList()).extracting(s -> s.getPartnerId())
                .containsExactlyInAnyOrder("1458", "3358", "3386", "3427", "3476", "2259", "2261", "2821", "2997");
    }

    @Test
    void thresholdOverridesDecideSendAndSkip() {
        ScoreRequest request = Requests.scoreRequest("r3", "3358", "1458").toBuilder()
                .putThresholds("3358", 0.0).putThresholds("1458", 1.0).build();

        ScoreResponse response = scorer.score(request);

        assertThat(response.getScores(0).getDecision()).isEqualTo(Decision.DECISION_SEND);
        assertThat(response.getScores(0).getThreshold()).isEqualTo(0.0);
        assertThat(response.getScores(1).getDecision()).isEqualTo(Decision.DECISION_SKIP);
    }

    @Test
    void sameRequestScoresIdenticallyEveryTime() {
        ScoreResponse first = scorer.score(Requests.scoreRequest("r4", "2997"));
        ScoreResponse second = scorer.score(Requests.scoreRequest("r4", "2997"));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void requestWithoutBidRequestIsInvalidArgumentNamingTheField() {
        assertThatThrownBy(() -> scorer.score(ScoreRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("bid_request: required");
                });
    }

    @Test
    void requestWithoutImpressionsIsInvalidArgument() {
        ScoreRequest request = Requests.scoreRequest("r5").toBuilder()
                .setBidRequest(Requests.bidRequest("r5").toBuilder().clearImp()).build();

        assertThatThrownBy(() -> scorer.score(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getDescription()).startsWith("bid_request.imp:"));
    }

    @Test
    void negativeFloorIsInvalidArgumentAndNeverAScore() {
        ScoreRequest request = Requests.scoreRequest("r6").toBuilder()
                .setBidRequest(Requests.bidRequest("r6").toBuilder()
                        .setImp(0, Requests.bidRequest("r6").getImp(0).toBuilder().setBidfloorMicros(-1))).build();

        assertThatThrownBy(() -> scorer.score(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("bidfloor_micros");
                });
    }

    @Test
    void bytesThatAreNotAScoreRequestAreInvalidArgument() {
        io.grpc.MethodDescriptor<byte[], byte[]> raw = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(ScorerGrpc.getScoreMethod().getFullMethodName())
                .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
                .setResponseMarshaller(ByteArrayMarshaller.INSTANCE).build();

        assertThatThrownBy(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(running.channel, raw,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[] {0x0a, (byte) 0xff}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("request is not a valid ScoreRequest");
                });
    }

    @Test
    void unknownPartnerIsInvalidArgumentNamingThePartner() {
        assertThatThrownBy(() -> scorer.score(Requests.scoreRequest("r7", "3358", "no-such-dsp")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith("partner_ids[1]: unknown partner 'no-such-dsp'");
                });
    }

    @Test
    void tmaxAlreadySpentIsDeadlineExceeded() {
        ScoreRequest stale = Requests.scoreRequest("r8", "3358").toBuilder()
                .setBidRequest(Requests.bidRequest("r8").toBuilder().setTmax(100))
                .setArrivalTime(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000 - 60))
                .build();

        long droppedBefore = running.server.scoring().expiredBeforeScoring();

        assertThatThrownBy(() -> scorer.score(stale))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(running.server.scoring().expiredBeforeScoring()).isEqualTo(droppedBefore + 1);
    }

    @Test
    void callWhoseDeadlineHasPassedIsDeadlineExceeded() {
        ScorerGrpc.ScorerBlockingStub late = ScorerGrpc.newBlockingStub(running.channel)
                .withDeadlineAfter(-1, TimeUnit.MILLISECONDS);

        assertThatThrownBy(() -> late.score(Requests.scoreRequest("r9", "3358")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    @Test
    void batchAnswersEveryRequestInOrderAndRejectsOnlyTheBadOne() {
        ScoreBatchResponse batch = scorer.scoreBatch(ScoreBatchRequest.newBuilder()
                .addRequests(Requests.scoreRequest("b1", "3358"))
                .addRequests(Requests.scoreRequest("b2", "unknown"))
                .addRequests(Requests.scoreRequest("b3", "1458"))
                .build());

        assertThat(batch.getOutcomesList()).extracting(ScoreOutcome::getRequestId).containsExactly("b1", "b2", "b3");
        assertThat(batch.getOutcomes(0).hasResponse()).isTrue();
        assertThat(batch.getOutcomes(1).getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(batch.getOutcomes(1).getError().getMessage()).contains("unknown partner 'unknown'");
        assertThat(batch.getOutcomes(2).getResponse())
                .isEqualTo(scorer.score(Requests.scoreRequest("b3", "1458")));
    }

    @Test
    void streamAnswersEachRequestInOrder() throws Exception {
        List<ScoreOutcome> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ScoreRequest> requests = ScorerGrpc.newStub(running.channel).scoreStream(new StreamObserver<>() {
            @Override
            public void onNext(ScoreOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        for (int i = 0; i < 50; i++) {
            requests.onNext(i == 25 ? ScoreRequest.getDefaultInstance() : Requests.scoreRequest("s" + i, "3358"));
        }
        requests.onCompleted();

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(outcomes).hasSize(50);
        assertThat(outcomes.get(0).getResponse().getRequestId()).isEqualTo("s0");
        assertThat(outcomes.get(25).getError().getMessage()).startsWith("bid_request: required");
        assertThat(outcomes.get(49).getResponse().getRequestId()).isEqualTo("s49");
    }

    @Test
    void healthIsServingOnceTheModelHasLoaded() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(running.channel);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(ScorerGrpc.SERVICE_NAME).build())
                .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheScorerService() throws Exception {
        List<String> services = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> call = ServerReflectionGrpc.newStub(running.channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).forEach(services::add);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        call.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        call.onCompleted();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(services).contains("sluice.v1.Scorer", "grpc.health.v1.Health");
    }
}
