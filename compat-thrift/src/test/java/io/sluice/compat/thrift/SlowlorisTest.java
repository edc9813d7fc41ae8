package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: as many connections as the endpoint admits, each dripping one byte of a call every second (well
 * inside the idle timeout) and reconnecting when the server closes it. A client that actually calls must still be
 * served within a couple of seconds, and the dripping connections must be cut.
 */
class SlowlorisTest {

    private static final int CONNECTIONS = 64;
    private static final int DRIP_MILLIS = 1_000;
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void drippingConnectionsDoNotDenyAClientThatCalls() throws Exception {
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        try (CapturedLogs logs = new CapturedLogs()) {
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(CONNECTIONS, Duration.ofSeconds(5), Duration.ofSeconds(2)), handler);
            server.start();
            int port = server.port();
            byte[] call = LegacyWire.filterCall(new BidRequest().setBidId("drip"));
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicIntegerArray cut = new AtomicIntegerArray(CONNECTIONS);
            CountDownLatch connected = new CountDownLatch(CONNECTIONS);
            List<Thread> attackers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                int attacker = i;
                Thread thread = new Thread(() -> drip(port, call, attacking, connected, cut, attacker), "drip-" + i);
                thread.setDaemon(true);
                thread.start();
                attackers.add(thread);
            }
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1_000); // every worker is now parked on a dripping connection

            long started = System.nanoTime();
            int refused = 0;
            double answer = -1;
            TSocket legitimate = null;
            BidRequestFilter.Client client = null;
            while (client == null && System.nanoTime() - started < PATIENCE_NANOS) {
                TSocket socket = new TSocket("127.0.0.1", port, 5_000);
                try {
                    socket.open();
                    BidRequestFilter.Client candidate = new BidRequestFilter.Client(new TBinaryProtocol(socket));
                    answer = candidate.filter(new BidRequest().setBidId("legitimate")).getLikelihoodToBid();
                    client = candidate;
                    legitimate = socket;
                } catch (TException e) {
                    refused++;
                    socket.close();
                    Thread.sleep(100);
                }
            }
            double waited = (System.nanoTime() - started) / 1e9;
            // A client that keeps calling keeps its connection while the attack goes on.
            int failedLater = 0;
            for (int i = 0; client != null && i < 8; i++) {
                Thread.sleep(250);
                try {
                    client.filter(new BidRequest().setBidId("legitimate"));
                } catch (TException e) {
                    failedLater++;
                }
            }
            int attackersCut = 0;
            for (int i = 0; i < CONNECTIONS; i++) {
                attackersCut += cut.get(i) > 0 ? 1 : 0;
            }
            attacking.set(false);
            for (Thread attacker : attackers) {
                attacker.join(5_000);
            }
            if (legitimate != null) {
                legitimate.close();
            }
            server.stop();

            String figures = String.format("legitimate client: first answer %s after %.1f s and %d refused "
                    + "connections, %d later calls failed; %d of %d dripping connections cut", answer, waited, refused,
                    failedLater, attackersCut, CONNECTIONS);
            assertThat(answer).as(figures).isEqualTo(0.25);
            assertThat(waited).as(figures).isLessThan(3);
            assertThat(failedLater).as(figures).isZero();
            assertThat(attackersCut).as(figures).isEqualTo(CONNECTIONS);
            assertThat(server.evictions()).as("evicted to make room").isPositive();
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void aMessageDrippedByteByByteIsCutAtTheReadDeadline() throws Exception {
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        try (CapturedLogs logs = new CapturedLogs()) {
            // Idle timeout 5 s, message read timeout 2 s (LegacyWire's default).
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(4, Duration.ofSeconds(5), Duration.ofSeconds(2)), handler);
            server.start();
            byte[] call = LegacyWire.filterCall(new BidRequest().setBidId("drip"));
            long started = System.nanoTime();
            String outcome = "still open";
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(500);
                // A byte every 500 ms, well inside the idle timeout, for at most 6 s.
                for (int i = 0; i < call.length && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(6); i++) {
                    try {
                        socket.getOutputStream().write(call[i]);
                        if (socket.getInputStream().read() < 0) {
                            outcome = "closed";
                            break;
                        }
                    } catch (SocketTimeoutException pause) {
                        // the pause between two bytes
                    } catch (IOException reset) {
                        outcome = "closed";
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            server.stop();

            String figures = String.format("%s after %.1f s (message read timeout 2 s, idle timeout 5 s)", outcome,
                    seconds);
            assertThat(outcome).as(figures).isEqualTo("closed");
            assertThat(seconds).as(figures).isBetween(1.5, 4.0);
            assertThat(server.messageReadTimeouts()).as(figures).isEqualTo(1);
            assertThat(logs.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void connectionsThatJustCalledAreNotEvictedForANewOne() throws Exception {
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        try (CapturedLogs logs = new CapturedLogs()) {
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(2, Duration.ofSeconds(5), Duration.ofSeconds(2)), handler);
            server.start();
            int port = server.port();
            try (TSocket first = new TSocket("127.0.0.1", port, 5_000);
                 TSocket second = new TSocket("127.0.0.1", port, 5_000)) {
                first.open();
                second.open();
                BidRequestFilter.Client a = new BidRequestFilter.Client(new TBinaryProtocol(first));
                BidRequestFilter.Client b = new BidRequestFilter.Client(new TBinaryProtocol(second));
                a.filter(new BidRequest());
                b.filter(new BidRequest());

                try (Socket third = new Socket("127.0.0.1", port)) {
                    third.setSoTimeout(5_000);
                    assertThat(third.getInputStream().read()).as("the third connection is closed").isEqualTo(-1);
                }
                assertThat(a.filter(new BidRequest()).getLikelihoodToBid()).isEqualTo(0.25);
                assertThat(b.filter(new BidRequest()).getLikelihoodToBid()).isEqualTo(0.25);
            }
            server.stop();
            assertThat(server.evictions()).isZero();
            assertThat(logs.atLeast(Level.WARN)).containsExactly("WARN org.apache.thrift.server.TThreadPoolServer: "
                    + "ThreadPool is saturated with incoming requests. Closing latest connection.");
        }
    }

    /** One attacker: connects, drips the call a byte a second, and reconnects whenever the server closes it. */
    private static void drip(int port, byte[] call, AtomicBoolean attacking, CountDownLatch connected,
                             AtomicIntegerArray cut, int attacker) {
        boolean first = true;
        while (attacking.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(DRIP_MILLIS);
                if (first) {
                    connected.countDown();
                    first = false;
                }
                for (int i = 0; attacking.get(); i = (i + 1) % call.length) {
                    socket.getOutputStream().write(call[i]);
                    try {
                        if (socket.getInputStream().read() < 0) {
                            cut.incrementAndGet(attacker);
                            break;
                        }
                    } catch (SocketTimeoutException stillOpen) {
                        // the pause between two bytes
                    }
                }
            } catch (IOException e) {
                // reset or refused by the server
                cut.incrementAndGet(attacker);
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
