package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.Scorer;
import io.sluice.scoring.ScoringException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** thrift.on-error: a failed legacy call answers the policy's likelihood, is handed on to be counted and is logged. */
class OnErrorPolicyTest {

    private static final double SCORE = 0.25;
    private static final Scorer SCORER = (request, deadline) -> ScoreResponse.newBuilder()
            .addScores(PartnerScore.newBuilder().setLikelihood(SCORE)).build();

    /** The legacy client's call when its log has no advertiser: advertiserId "", no user agent. */
    private static BidRequest withoutAdvertiser() {
        BidRequest request = new BidRequest();
        request.setBidId("legacy-1");
        request.setDayOfWeek(2);
        request.setHour("09");
        request.setAdvertiserId("");
        request.setDeviceTypeId(3);
        return request;
    }

    private static BidRequestFilter.Iface handler() {
        return new LegacyFilterHandler(SCORER, new LegacyRequestMapper(0), Duration.ofSeconds(5));
    }

    @Test
    void settingTextParsesToThePolicyAndPrintsBackInOneForm() {
        assertThat(OnErrorPolicy.parse("exception")).isEqualTo(OnErrorPolicy.EXCEPTION);
        assertThat(OnErrorPolicy.parse("likelihood:1.0").likelihood()).hasValue(1.0);
        assertThat(OnErrorPolicy.parse("likelihood:0.05").likelihood()).hasValue(0.05);
        assertThat(OnErrorPolicy.parse("likelihood:0")).hasToString("likelihood:0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"likelihood:1.5", "likelihood:", "likelihood:NaN", "likelihood:-0.5", "likelihood:1e0",
        "likelihood:0x1p0", "likelihood:1d", "fail-open", "Exception", ""})
    void anythingElseIsRefusedSayingWhatIsAccepted(String text) {
        assertThatThrownBy(() -> OnErrorPolicy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not " + OnErrorPolicy.EXPECTED);
    }

    @Test
    void byDefaultTheFilterIsLeftAsItIsAndAFailedCallIsAnException() throws Exception {
        BidRequestFilter.Iface handler = handler();

        assertThat(OnErrorPolicy.EXCEPTION.applyTo(handler, failure -> { })).isSameAs(handler);
        assertThatThrownBy(() -> handler.filter(withoutAdvertiser()))
                .isInstanceOf(TApplicationException.class)
                .hasMessageStartingWith("INVALID_ARGUMENT: advertiserId: required");
    }

    @Test
    void failedCallsAnswerThePolicyLikelihoodAreHandedOnAndLoggedAtABoundedRate() throws Exception {
        List<LegacyCallFailure> answered = new CopyOnWriteArrayList<>();
        BidRequestFilter.Iface policy = OnErrorPolicy.parse("likelihood:1.0").applyTo(handler(), answered::add);
        LegacyThriftServer server = new LegacyThriftServer(LegacyWire.config(2, Duration.ofSeconds(10),
                Duration.ofSeconds(2)), policy);
        server.start();
        try (CapturedLogs logs = new CapturedLogs();
             TSocket socket = new TSocket("127.0.0.1", server.port(), 10_000)) {
            socket.open();
            BidRequestFilter.Client client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
            for (int i = 0; i < 50; i++) {
                assertThat(client.filter(withoutAdvertiser()).getLikelihoodToBid()).isEqualTo(1.0);
            }
            BidRequest scorable = withoutAdvertiser();
            scorable.setAdvertiserId("3358");
            assertThat(client.filter(scorable).getLikelihoodToBid()).isEqualTo(SCORE);

            assertThat(answered).hasSize(50)
                    .allSatisfy(failure -> assertThat(failure.reason())
                            .contains(ScoringException.Reason.INVALID_ARGUMENT));
            // The first answer is logged at once; the next 49 come within the interval and wait for the next line.
            assertThat(logs.atLeast(Level.WARN)).singleElement().asString()
                    .contains("answered 1 failed legacy call(s) with likelihood 1.0")
                    .contains("a policy answer, not a score")
                    .contains("INVALID_ARGUMENT: advertiserId: required");
        } finally {
            server.stop();
        }
    }
}
