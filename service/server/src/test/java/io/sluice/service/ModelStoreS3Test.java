package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.api.v1.ListVersionsRequest;
import io.sluice.api.v1.ListVersionsResponse;
import io.sluice.api.v1.LoadVersionRequest;
import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.api.v1.RollbackRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model store on a real S3 API (s3proxy over loopback, AWS SDK v2 with SigV4) with hot reload and ModelAdmin. */
class ModelStoreS3Test {

    private static final String TOKEN = "test-admin-token-0123456789";

    @TempDir
    static Path scratch;

    private static S3TestStore s3;
    private static RunningServer running;
    private static ScorerGrpc.ScorerBlockingStub scorer;

    @BeforeAll
    static void start() throws Exception {
        // The server's S3 client uses the default credential chain; system properties come first in it.
        System.setProperty("aws.accessKeyId", S3TestStore.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestStore.SECRET_KEY);
        s3 = new S3TestStore();
        s3.publish("v1", scratch);
        s3.makeCurrent("v1");
        Path tokenFile = Files.writeString(scratch.resolve("admin-token"), TOKEN + "\n");
        running = RunningServer.inProcess(Map.of(
                "model.location", s3.location(),
                "model.s3.endpoint", s3.endpoint().toString(),
                "model.s3.path-style", "true",
                "model.poll-interval", "100ms",
                "model.warmup-passes", "10",
                "model-admin.enabled", "true",
                "model-admin.token-file", tokenFile.toString()));
        running.awaitVersion("v1");
        scorer = ScorerGrpc.newBlockingStub(running.channel);
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
        s3.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static ScoreResponse score(String id) {
        return scorer.withDeadlineAfter(10, TimeUnit.SECONDS).score(Requests.scoreRequest(id, "3358"));
    }

    private static ModelAdminGrpc.ModelAdminBlockingStub admin(String token) {
        return running.modelAdmin(token);
    }

    @Test
    void publishingANewVersionSwapsItInWithoutARestart() throws Exception {
        s3.publish("swap-1", scratch);
        s3.makeCurrent("swap-1");

        running.awaitVersion("swap-1");

        assertThat(score("after-swap").getModelVersion()).isEqualTo("swap-1");
    }

    @Test
    void corruptVersionIsRefusedAndThePreviousOneKeepsServing() throws Exception {
        serveFromStore("good-1");
        long refusedBefore = refused();

        s3.publishCorrupt("corrupt-1", scratch);
        s3.makeCurrent("corrupt-1");
        awaitRefusal(refusedBefore);

        assertThat(score("after-corrupt").getModelVersion()).isEqualTo("good-1");
    }

    @Test
    void storeOutageDuringPollingCausesNoFailedCalls() throws Exception {
        serveFromStore("steady-1");

        s3.outage();
        try {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            int calls = 0;
            while (System.nanoTime() < until) {
                assertThat(score("during-outage-" + calls++).getModelVersion()).isEqualTo("steady-1");
            }
            assertThat(calls).isGreaterThan(10);
        } finally {
            s3.start();
        }
        serveFromStore("after-outage");
    }

    @Test
    void rollbackReturnsToThePreviousVersionInOneCall() throws Exception {
        serveFromStore("rb-a");
        serveFromStore("rb-b");

        assertThat(admin(TOKEN).rollback(RollbackRequest.getDefaultInstance()).getVersion()).isEqualTo("rb-a");
        assertThat(score("after-rollback").getModelVersion()).isEqualTo("rb-a");
    }

    @Test
    void adminListsAndLoadsVersionsAndRefusesCorruptOnes() throws Exception {
        s3.publish("adm-1", scratch);
        s3.publishCorrupt("adm-bad", scratch);

        ListVersionsResponse versions = admin(TOKEN).listVersions(ListVersionsRequest.getDefaultInstance());
        assertThat(versions.getVersionsList()).contains("v1", "adm-1", "adm-bad");
        assertThat(versions.getStore()).isEqualTo(s3.location());

        assertThat(admin(TOKEN).loadVersion(LoadVersionRequest.newBuilder().setVersion("adm-1").build()).getVersion())
                .isEqualTo("adm-1");
        assertThatThrownBy(() -> admin(TOKEN).loadVersion(LoadVersionRequest.newBuilder().setVersion("adm-bad").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("is corrupt");
                });
        assertThatThrownBy(() -> admin(TOKEN).loadVersion(LoadVersionRequest.newBuilder().setVersion("../etc").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void adminWithoutTheTokenIsUnauthenticated() {
        assertThatThrownBy(() -> admin("wrong-token-0123456789").rollback(RollbackRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> ModelAdminGrpc.newBlockingStub(running.channel)
                .listVersions(ListVersionsRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void steadyGrpcAndThriftTrafficSeesZeroFailuresThroughThreeSwaps() throws Exception {
        // A version may appear in a response only once it has been published.
        Set<String> published = ConcurrentHashMap.newKeySet();
        published.add(running.server.models().current().orElseThrow().version());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger grpcCalls = new AtomicInteger();
        AtomicInteger thriftCalls = new AtomicInteger();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        Set<String> versionsSeen = ConcurrentHashMap.newKeySet();

        Thread grpcTraffic = new Thread(() -> {
            while (!done.get()) {
                try {
                    String version = score("steady-" + grpcCalls.incrementAndGet()).getModelVersion();
                    versionsSeen.add(version);
                    if (!published.contains(version)) {
                        failures.add("unpublished version " + version);
                    }
                } catch (RuntimeException e) {
                    failures.add("gRPC: " + e);
                }
            }
        });
        Thread thriftTraffic = new Thread(() -> {
            TSocket socket = null;
            try {
                socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000);
                socket.open();
                BidRequestFilter.Client client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
                while (!done.get()) {
                    BidRequest request = new BidRequest();
                    request.setBidId("t" + thriftCalls.incrementAndGet());
                    request.setDayOfWeek(3);
                    request.setHour("20");
                    request.setAdvertiserId("3358");
                    double likelihood = client.filter(request).getLikelihoodToBid();
                    if (!(likelihood >= 0 && likelihood <= 1)) {
                        failures.add("Thrift likelihood " + likelihood);
                    }
                }
            } catch (Exception e) {
                failures.add("Thrift: " + e);
            } finally {
                if (socket != null) {
                    socket.close();
                }
            }
        });
        grpcTraffic.start();
        thriftTraffic.start();
        for (String version : new String[] {"c-1", "c-2", "c-3"}) {
            s3.publish(version, scratch);
            published.add(version);
            s3.makeCurrent(version);
            running.awaitVersion(version);
            Thread.sleep(100);
        }
        done.set(true);
        grpcTraffic.join(20_000);
        thriftTraffic.join(20_000);

        assertThat(failures).isEmpty();
        assertThat(versionsSeen).contains("c-1", "c-2", "c-3");
        assertThat(grpcCalls.get()).isGreaterThan(50);
        assertThat(thriftCalls.get()).isGreaterThan(50);
    }

    private static long refused() {
        return running.server.modelUpdater().orElseThrow().refusedLoads();
    }

    private static void awaitRefusal(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (refused() == before) {
            assertThat(System.nanoTime()).as("corrupt model refused in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Publishes {@code version} to the store, makes it current and waits until the server serves it. */
    private static void serveFromStore(String version) throws Exception {
        s3.publish(version, scratch);
        s3.makeCurrent(version);
        running.awaitVersion(version);
    }
}
