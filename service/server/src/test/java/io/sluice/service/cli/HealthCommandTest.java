package io.sluice.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.service.RunningServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HealthCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int health(int port, String... extra) {
        CommandLine cli = SluiceCommandLine.of(new ServerCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[2 + extra.length];
        args[0] = "health";
        args[1] = "--target=127.0.0.1:" + port;
        System.arraycopy(extra, 0, args, 2, extra.length);
        return cli.execute(args);
    }

    @Test
    void servingServerExitsZeroForTheWholeServerAndForTheScorer() throws Exception {
        try (RunningServer running = RunningServer.start(Map.of("thrift.enabled", "false"))) {
            int port = running.server.grpcPort();

            assertThat(health(port)).isZero();
            assertThat(health(port, "--service", "sluice.v1.Scorer")).isZero();
            assertThat(out.toString()).contains("127.0.0.1:" + port + ": SERVING");
        }
    }

    @Test
    void serverWithoutAModelExitsOneSayingNotServing() throws Exception {
        try (RunningServer running = RunningServer.withoutModel(Map.of("thrift.enabled", "false"))) {
            assertThat(health(running.server.grpcPort())).isEqualTo(1);
            assertThat(err.toString()).contains("is NOT_SERVING");
        }
    }

    @Test
    void unknownServiceExitsOneNamingTheService() throws Exception {
        try (RunningServer running = RunningServer.withoutModel(Map.of("thrift.enabled", "false"))) {
            assertThat(health(running.server.grpcPort(), "--service", "no.such.Service")).isEqualTo(1);
            assertThat(err.toString()).contains("service no.such.Service did not answer: NOT_FOUND");
        }
    }

    @Test
    void nothingListeningExitsOneNamingTheAddress() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(health(closedPort)).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("sluice health: nothing is listening on 127.0.0.1:"
                + closedPort + " (is the server running? --target sets the address)");
    }
}
