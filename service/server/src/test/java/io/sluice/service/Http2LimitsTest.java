package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.ScorerGrpc;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 lets one connection ask for unbounded work: streams without limit, and streams opened and reset at once
 * (the "rapid reset" attack, CVE-2023-44487), which cost the server work while the client's concurrency stays zero.
 */
class Http2LimitsTest {

    private static final String SCORE = "/" + ScorerGrpc.getScoreMethod().getFullMethodName();

    @Test
    void theServerAdvertisesItsStreamLimitAndRefusesStreamsBeyondIt() throws Exception {
        try (RunningServer running = RunningServer.start(Map.of("thrift.enabled", "false",
                "grpc.max-concurrent-streams", "8"));
             RawHttp2Client client = new RawHttp2Client(running.server.grpcPort(), SCORE)) {
            assertThat(client.serverSettings()).containsEntry(RawHttp2Client.SETTINGS_MAX_CONCURRENT_STREAMS, 8);

            // Eight calls waiting for their request messages hold every stream the connection may have.
            for (int i = 0; i < 8; i++) {
                client.openStream();
            }
            int ninth = client.openStream();

            Optional<RawHttp2Client.Frame> reset = client.awaitFrame(
                    f -> f.type() == RawHttp2Client.RST_STREAM && f.streamId() == ninth, 5);
            assertThat(reset).as("RST_STREAM for the stream beyond the limit").isPresent();
            assertThat(reset.get().errorCode()).isEqualTo(RawHttp2Client.REFUSED_STREAM);
        }
    }

    @Test
    void aConnectionThatKeepsOpeningAndResettingStreamsIsToldToGoAway() throws Exception {
        try (RunningServer running = RunningServer.start(Map.of("thrift.enabled", "false",
                "grpc.max-stream-resets", "100", "grpc.stream-reset-window", "10s"))) {
            Optional<RawHttp2Client.Frame> goAway;
            int sent = 0;
            try (RawHttp2Client attacker = new RawHttp2Client(running.server.grpcPort(), SCORE)) {
                attacker.serverSettings();
                try {
                    for (; sent < 20_000; sent++) {
                        attacker.resetStream(attacker.openStream());
                    }
                } catch (IOException closedByTheServer) {
                    // Expected once the server has had enough.
                }
                goAway = attacker.awaitFrame(f -> f.type() == RawHttp2Client.GOAWAY, 5);
            }

            assertThat(goAway).as("GOAWAY after %d open-then-reset streams", sent).isPresent();
            assertThat(goAway.get().errorCode()).isEqualTo(RawHttp2Client.ENHANCE_YOUR_CALM);
            // Other connections are not affected.
            assertThat(ScorerGrpc.newBlockingStub(running.channel).score(Requests.scoreRequest("after-the-attack"))
                    .getScoresCount()).isPositive();
        }
    }
}
