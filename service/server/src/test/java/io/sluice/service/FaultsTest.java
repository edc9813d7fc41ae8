package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import java.io.InputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

/** Slow and vanishing clients, connection caps, and stopping under load. */
class FaultsTest {

    private static BidRequest legacyRequest() {
        BidRequest request = new BidRequest();
        request.setBidId("f");
        request.setDayOfWeek(2);
        request.setHour("10");
        request.setAdvertiserId("3358");
        return request;
    }

    private static boolean closedByServerWithin(Socket socket, int millis) throws Exception {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void connectionsBeyondTheThriftCapAreClosedAtOnceWhileAdmittedOnesKeepWorking() throws Exception {
        try (RunningServer running = RunningServer.inProcess(Map.of("thrift.max-connections", "2"))) {
            int port = running.server.thriftPort();
            TSocket first = new TSocket("127.0.0.1", port, 10_000);
            TSocket second = new TSocket("127.0.0.1", port, 10_000);
            first.open();
            second.open();
            BidRequestFilter.Client a = new BidRequestFilter.Client(new TBinaryProtocol(first));
            BidRequestFilter.Client b = new BidRequestFilter.Client(new TBinaryProtocol(second));
            a.filter(legacyRequest());
            b.filter(legacyRequest());

            try (Socket third = new Socket("127.0.0.1", port)) {
                assertThat(closedByServerWithin(third, 5_000)).isTrue();
            }
            assertThat(a.filter(legacyRequest()).getLikelihoodToBid()).isBetween(0.0, 1.0);
            first.close();
            second.close();
        }
    }

    @Test
    void slowOrIdleThriftClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (RunningServer running = RunningServer.inProcess(Map.of("thrift.idle-timeout", "300ms"));
             Socket slow = new Socket("127.0.0.1", running.server.thriftPort())) {
            slow.getOutputStream().write(new byte[] {(byte) 0x80, 0x01});
            slow.getOutputStream().flush();

            assertThat(closedByServerWithin(slow, 5_000)).isTrue();
        }
    }

    @Test
    void clientVanishingMidStreamDoesNotDisturbOtherCalls() throws Exception {
        try (RunningServer running = RunningServer.inProcess(Map.of())) {
            Context.CancellableContext vanishing = Context.current().withCancellation();
            AtomicInteger received = new AtomicInteger();
            StreamObserver<ScoreRequest> requests = vanishing.call(() ->
                    ScorerGrpc.newStub(running.channel).scoreStream(new StreamObserver<>() {
                        @Override
                        public void onNext(ScoreOutcome outcome) {
                            received.incrementAndGet();
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    }));
            for (int i = 0; i < 500; i++) {
                requests.onNext(Requests.scoreRequest("v" + i, "3358"));
            }
            vanishing.cancel(new RuntimeException("client went away"));

            ScorerGrpc.ScorerBlockingStub other = ScorerGrpc.newBlockingStub(running.channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                assertThat(other.score(Requests.scoreRequest("o" + i, "1458")).getScoresCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void stopUnderLoadFinishesAcceptedCallsAndRefusesNewOnesCleanly() throws Exception {
        RunningServer running = RunningServer.inProcess(Map.of("grpc.shutdown-grace", "5s"));
        ScorerGrpc.ScorerBlockingStub scorer = ScorerGrpc.newBlockingStub(running.channel);
        Map<Status.Code, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean stopped = new AtomicBoolean();
        Thread[] clients = new Thread[4];
        for (int c = 0; c < clients.length; c++) {
            clients[c] = new Thread(() -> {
                while (!stopped.get()) {
                    Status.Code code;
                    try {
                        scorer.withDeadlineAfter(10, TimeUnit.SECONDS).score(Requests.scoreRequest("load", "3358"));
                        code = Status.Code.OK;
                    } catch (StatusRuntimeException e) {
                        code = e.getStatus().getCode();
                    }
                    outcomes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    if (code == Status.Code.UNAVAILABLE) {
                        return;
                    }
                }
            });
            clients[c].start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outcomes.getOrDefault(Status.Code.OK, new AtomicInteger()).get() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        running.server.stop();
        stopped.set(true);
        for (Thread client : clients) {
            client.join(10_000);
        }
        running.close();

        assertThat(outcomes.keySet()).containsOnly(Status.Code.OK, Status.Code.UNAVAILABLE);
        assertThat(outcomes.get(Status.Code.OK).get()).isGreaterThanOrEqualTo(50);
    }
}
