package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

/**
 * Stopping the endpoint (the SIGTERM path): every call the server has already read is answered before its
 * connection closes, and connections idle between calls are closed at once instead of holding up the stop.
 */
class DrainTest {

    @Test
    void callsAlreadyReadAreAnsweredAndIdleConnectionsDoNotHoldUpTheStop() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        BidRequestFilter.Iface handler = request -> {
            if ("slow".equals(request.getBidId())) {
                entered.countDown();
                try {
                    // Waits the way a DL4J-pool checkout does: interruptibly.
                    released.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while scoring", e);
                }
                return new BidResponse(0.5);
            }
            return new BidResponse(0.25);
        };
        try (CapturedLogs logs = new CapturedLogs()) {
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(4, Duration.ofSeconds(10), Duration.ofSeconds(5)), handler);
            server.start();
            int port = server.port();

            // A pooled connection, idle between calls when the stop comes.
            TSocket idle = new TSocket("127.0.0.1", port, 10_000);
            idle.open();
            new BidRequestFilter.Client(new TBinaryProtocol(idle)).filter(new BidRequest());
            // A connection with two calls sent back to back: the first is being scored when the stop comes, the
            // second has already arrived behind it.
            Socket busy = new Socket("127.0.0.1", port);
            busy.setSoTimeout(10_000);
            ByteArrayOutputStream calls = new ByteArrayOutputStream();
            calls.write(LegacyWire.filterCall(new BidRequest().setBidId("slow")));
            calls.write(LegacyWire.filterCall(new BidRequest().setBidId("queued")));
            busy.getOutputStream().write(calls.toByteArray());
            busy.getOutputStream().flush();
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            long stopping = System.nanoTime();
            Thread stopper = new Thread(() -> {
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stopper");
            stopper.start();
            awaitRefused(port);
            Thread.sleep(200);
            released.countDown();

            BidRequestFilter.Client answers = LegacyWire.answers(busy);
            String first = answer(answers);
            String second = answer(answers);
            String afterwards = answer(answers);
            String idleOutcome = closedWithin(idle, 1_000);
            stopper.join(15_000);
            double stopSeconds = (System.nanoTime() - stopping) / 1e9;
            busy.close();
            idle.close();

            String figures = String.format("call being scored: %s; call queued behind it: %s; then: %s; idle "
                    + "connection: %s; stop took %.1f s (drain timeout 5 s)", first, second, afterwards, idleOutcome,
                    stopSeconds);
            assertThat(first).as(figures).isEqualTo("answered 0.5");
            assertThat(second).as(figures).isEqualTo("answered 0.25");
            assertThat(afterwards).as(figures).isEqualTo("closed");
            assertThat(idleOutcome).as(figures).isEqualTo("closed");
            assertThat(stopSeconds).as(figures).isLessThan(2.5);
            assertThat(logs.atLeast(Level.WARN)).as(figures).isEmpty();
        }
    }

    @Test
    void aCallStillRunningAtTheDrainTimeoutIsCutAndTheStopEnds() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        BidRequestFilter.Iface handler = request -> {
            entered.countDown();
            // A call that outlasts the drain timeout (1 s) by half a second, deaf to interrupts.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
            return new BidResponse(0.25);
        };
        try (CapturedLogs logs = new CapturedLogs()) {
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(4, Duration.ofSeconds(10), Duration.ofSeconds(1)), handler);
            server.start();
            try (Socket busy = new Socket("127.0.0.1", server.port())) {
                busy.setSoTimeout(10_000);
                busy.getOutputStream().write(LegacyWire.filterCall(new BidRequest()));
                busy.getOutputStream().flush();
                assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

                long stopping = System.nanoTime();
                server.stop();
                double stopSeconds = (System.nanoTime() - stopping) / 1e9;

                assertThat(stopSeconds).as("stop took %.1f s (drain timeout 1 s)", stopSeconds).isBetween(0.9, 3.0);
                assertThat(answer(LegacyWire.answers(busy))).isEqualTo("closed");
            }
            assertThat(logs.atLeast(Level.WARN)).containsExactly("WARN io.sluice.compat.thrift.LegacyThriftServer: "
                    + "closing 1 legacy connection(s) still busy after the drain timeout (PT1S)");
        }
    }

    private static String answer(BidRequestFilter.Client answers) {
        try {
            return "answered " + answers.recv_filter().getLikelihoodToBid();
        } catch (TException e) {
            return e.getCause() instanceof IOException || e.getMessage().contains("closed") ? "closed" : e.toString();
        }
    }

    /** Whether the server closes {@code connection} (idle on the client's side) within {@code millis}. */
    private static String closedWithin(TSocket connection, int millis) {
        try {
            connection.getSocket().setSoTimeout(millis);
            return connection.getSocket().getInputStream().read() < 0 ? "closed" : "sent a byte";
        } catch (java.net.SocketTimeoutException e) {
            return "still open after " + millis + " ms";
        } catch (IOException e) {
            return "closed";
        }
    }

    /** Waits until the listener is closed, the first step of a stop. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
