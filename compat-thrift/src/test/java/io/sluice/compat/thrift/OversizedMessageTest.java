package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code thrift.max-message-size} bounds whole messages, not only single strings and containers. */
class OversizedMessageTest {

    private static final int MAX_MESSAGE_BYTES = 64 << 10;

    private CapturedLogs logs;
    private LegacyThriftServer server;

    @BeforeEach
    void start() throws Exception {
        logs = new CapturedLogs();
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        server = new LegacyThriftServer(LegacyWire.config(4, Duration.ofSeconds(5), Duration.ofSeconds(2)), handler);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        logs.close();
    }

    @Test
    void anEightMegabyteMessageIsRefusedAndItsConnectionClosed() throws Exception {
        // 1,024 unknown fields of 8 KiB: each passes the 16 KiB string limit, the message is 128 times the limit.
        byte[] huge = LegacyWire.filterCallWithUnknownFields(1024, 8 << 10);
        assertThat(huge.length).isGreaterThan(8_000_000);

        String outcome;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            // Written from another thread: a server that stops reading must not block the test.
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(huge);
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected once the server has refused the message
                }
            }, "huge-message-writer");
            writer.start();
            outcome = outcome(socket);
            writer.join(10_000);
        }

        assertThat(outcome).as("what the client got for an 8 MB message").isEqualTo("closed without an answer");
        assertThat(server.oversizedMessages()).isEqualTo(1);
        try (TSocket socket = new TSocket("127.0.0.1", server.port(), 5_000)) {
            socket.open();
            assertThat(new BidRequestFilter.Client(new TBinaryProtocol(socket)).filter(new BidRequest())
                    .getLikelihoodToBid()).isEqualTo(0.25);
        }
        assertThat(logs.atLeast(Level.WARN)).isEmpty();
    }

    @Test
    void aMessageJustUnderTheLimitIsAnswered() throws Exception {
        byte[] large = LegacyWire.filterCallWithUnknownFields(7, 8 << 10);
        assertThat(large.length).isBetween(MAX_MESSAGE_BYTES - (8 << 10), MAX_MESSAGE_BYTES);

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(large);
            socket.getOutputStream().flush();
            assertThat(outcome(socket)).isEqualTo("answered 0.25");
        }
        assertThat(server.oversizedMessages()).isZero();
    }

    private static String outcome(Socket socket) throws IOException {
        try {
            return "answered " + LegacyWire.answers(socket).recv_filter().getLikelihoodToBid();
        } catch (TException e) {
            return "closed without an answer";
        }
    }
}
