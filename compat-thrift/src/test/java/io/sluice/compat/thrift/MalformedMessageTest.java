package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.aik.filterapi.BidResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of malformed messages is counted, not logged line for line, and the endpoint keeps serving. */
class MalformedMessageTest {

    private static final int CONNECTIONS = 200;
    /** A message header whose version is 2: libthrift refuses it with a protocol error. */
    private static final byte[] BAD_VERSION = {(byte) 0x80, 0x02, 0x00, 0x01, 0, 0, 0, 6, 'f', 'i', 'l', 't', 'e', 'r',
        0, 0, 0, 1};
    /** A filter call whose first string field declares a length of -1. */
    private static final byte[] NEGATIVE_STRING_LENGTH = {(byte) 0x80, 0x01, 0x00, 0x01, 0, 0, 0, 6, 'f', 'i', 'l',
        't', 'e', 'r', 0, 0, 0, 1, 12, 0, 1, 11, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger guard = (Logger) LoggerFactory.getLogger(MalformedMessageGuard.class);
    private LegacyThriftServer server;

    @BeforeEach
    void start() throws Exception {
        BidRequestFilter.Iface handler = request -> new BidResponse(0.25);
        server = new LegacyThriftServer(new LegacyThriftConfig("127.0.0.1", 0, 4, Duration.ofSeconds(5),
                Duration.ofMillis(50), 64 << 10, 16 << 10, 1024, 0, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(1), OnErrorPolicy.EXCEPTION), handler);
        server.start();
        logged.start();
        // Everything libthrift logs is captured too, and the guard's expected warning stays off the console.
        root.addAppender(logged);
        guard.setAdditive(false);
        guard.addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logged);
        guard.detachAppender(logged);
        guard.setAdditive(true);
        server.stop();
    }

    @Test
    void malformedConnectionsAreCountedAndLoggedAtABoundedRate() throws Exception {
        for (int i = 0; i < CONNECTIONS; i++) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(i % 2 == 0 ? BAD_VERSION : NEGATIVE_STRING_LENGTH);
                out.flush();
                // The server closes a connection it cannot read; wait for that, so every message is processed.
                InputStream in = socket.getInputStream();
                socket.setSoTimeout(5_000);
                assertThat(in.read()).isEqualTo(-1);
            }
        }

        assertThat(server.malformedMessages()).isEqualTo(CONNECTIONS);
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .hasSizeLessThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        try (TSocket socket = new TSocket("127.0.0.1", server.port(), 5_000)) {
            socket.open();
            BidRequest request = new BidRequest();
            assertThat(new BidRequestFilter.Client(new TBinaryProtocol(socket)).filter(request).getLikelihoodToBid())
                    .isEqualTo(0.25);
        }
    }
}
