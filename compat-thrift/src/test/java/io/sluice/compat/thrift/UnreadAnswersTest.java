package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;

/**
 * Clients that send calls and never read the answers: once the server's socket buffers are full its workers block
 * writing, where the idle timeout (a read timeout) does not reach them. They must be cut off, and other clients
 * served.
 */
class UnreadAnswersTest {

    private static final int CONNECTIONS = 4;
    /** Each call makes the server write an answer this large (an unknown method's name is repeated back). */
    private static final int ANSWER_BYTES = 15_000;
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    @Test
    void clientsThatNeverReadAreCutOffAndOthersAreServed() throws Exception {
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        try (CapturedLogs logs = new CapturedLogs()) {
            LegacyThriftServer server = new LegacyThriftServer(
                    LegacyWire.config(CONNECTIONS, Duration.ofSeconds(2), Duration.ofSeconds(2)), handler);
            server.start();
            int port = server.port();
            byte[] call = LegacyWire.unknownMethodCall(ANSWER_BYTES);
            // Per flooder: the last time a write of it returned, and when the server closed its connection (0 = open).
            AtomicLongArray progressed = new AtomicLongArray(CONNECTIONS);
            AtomicLongArray closed = new AtomicLongArray(CONNECTIONS);
            Socket[] flooders = new Socket[CONNECTIONS];
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096); // the answers pile up in the server's buffers quickly
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                flooders[i] = socket;
                int flooder = i;
                progressed.set(i, System.nanoTime());
                Thread thread = new Thread(() -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        while (true) {
                            out.write(call);
                            progressed.set(flooder, System.nanoTime());
                        }
                    } catch (IOException e) {
                        closed.compareAndSet(flooder, 0, System.nanoTime());
                    }
                }, "never-reads-" + i);
                thread.setDaemon(true);
                thread.start();
            }

            // Wait until every flooder is stuck (the server no longer reads from it) or cut off.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (!allStalledOrClosed(progressed, closed) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long stalled = System.nanoTime();

            long started = System.nanoTime();
            int refused = 0;
            double answer = -1;
            while (answer < 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(6)) {
                try (TSocket socket = new TSocket("127.0.0.1", port, 5_000)) {
                    socket.open();
                    answer = new BidRequestFilter.Client(new TBinaryProtocol(socket)).filter(new BidRequest())
                            .getLikelihoodToBid();
                } catch (TException e) {
                    refused++;
                    Thread.sleep(100);
                }
            }
            double waited = (System.nanoTime() - started) / 1e9;
            while (countClosed(closed) < CONNECTIONS && System.nanoTime() - stalled < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(50);
            }
            int cut = countClosed(closed);
            double stuckFor = (System.nanoTime() - stalled) / 1e9;
            long stopping = System.nanoTime();
            server.stop(); // the SIGTERM path, with the non-reading clients still connected
            double stopSeconds = (System.nanoTime() - stopping) / 1e9;
            for (Socket socket : flooders) {
                socket.close();
            }

            String figures = String.format("other client: answer %s after %.1f s and %d refused connections; "
                    + "%d of %d non-reading connections cut (observed for %.1f s after they stalled, idle timeout "
                    + "2 s, write timeout 1 s); stop took %.1f s (drain timeout 2 s)", answer, waited, refused, cut,
                    CONNECTIONS, stuckFor, stopSeconds);
            assertThat(answer).as(figures).isEqualTo(0.25);
            assertThat(waited).as(figures).isLessThan(4.5);
            assertThat(cut).as(figures).isEqualTo(CONNECTIONS);
            assertThat(stopSeconds).as(figures).isLessThan(1.5);
            assertThat(server.writeTimeouts()).as(figures).isEqualTo(CONNECTIONS);
            // Until the write timeout, the stuck connections count as calling (their last answer began less than
            // thrift.message-read-timeout ago): the other client may be refused a few times, each logged by libthrift.
            assertThat(logs.atLeast(Level.WARN)).as(figures).allMatch(line -> line.endsWith(
                    "ThreadPool is saturated with incoming requests. Closing latest connection."));
        }
    }

    private static boolean allStalledOrClosed(AtomicLongArray progressed, AtomicLongArray closed) {
        long now = System.nanoTime();
        for (int i = 0; i < progressed.length(); i++) {
            if (closed.get(i) == 0 && now - progressed.get(i) < STALL_NANOS) {
                return false;
            }
        }
        return true;
    }

    private static int countClosed(AtomicLongArray closed) {
        int count = 0;
        for (int i = 0; i < closed.length(); i++) {
            count += closed.get(i) != 0 ? 1 : 0;
        }
        return count;
    }
}
