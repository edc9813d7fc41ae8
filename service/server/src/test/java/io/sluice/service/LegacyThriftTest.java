package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import com.aik.filterapi.BidRequestFilter;
import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.api.v1.Site;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The legacy contract, exercised with a client generated from the legacy IDL over a plain socket. */
class LegacyThriftTest {

    /** TBinaryProtocol's strict message header version (VERSION_1 is not public in libthrift). */
    private static final int STRICT_VERSION_1 = 0x80010000;

    private static RunningServer running;

    @BeforeAll
    static void start() throws Exception {
        running = RunningServer.inProcess(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    /** A legacy client exactly as deployed: TBinaryProtocol over an unframed TSocket. */
    private static final class LegacyClient implements AutoCloseable {
        final TSocket socket;
        final BidRequestFilter.Client client;

        LegacyClient() throws Exception {
            socket = new TSocket("127.0.0.1", running.server.thriftPort(), 10_000);
            socket.open();
            client = new BidRequestFilter.Client(new TBinaryProtocol(socket));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    static BidRequest legacyTuesday14h(String advertiser) {
        BidRequest request = new BidRequest();
        request.setBidId("legacy-1");
        request.setDayOfWeek(1);
        request.setHour("14");
        request.setRegionId("94");
        request.setCityId("95");
        request.setDomainId("news.example.com");
        request.setAdvertiserId(advertiser);
        request.setBiddingPrice(300);
        request.setPayingPrice(77);
        request.setUserAgent(Requests.IPHONE_UA);
        request.setDeviceTypeId(0);
        return request;
    }

    @Test
    void legacyLikelihoodEqualsTheGrpcScoreForTheSameRequest() throws Exception {
        ScoreRequest sameAsGrpc = ScoreRequest.newBuilder()
                .setBidRequest(io.sluice.api.v1.BidRequest.newBuilder().setId("grpc-1")
                        .addImp(Imp.newBuilder().setBidfloorMicros(3_000_000))
                        .setSite(Site.newBuilder().setDomain("news.example.com"))
                        .setDevice(Device.newBuilder().setUa(Requests.IPHONE_UA)
                                .setGeo(Geo.newBuilder().setRegion("94").setCity("95").setUtcoffset(480))))
                .addPartnerIds("3358")
                .setArrivalTime(Timestamp.newBuilder().setSeconds(Requests.TUESDAY_14H_UTC8.getEpochSecond()))
                .build();
        double grpcLikelihood = ScorerGrpc.newBlockingStub(running.channel).score(sameAsGrpc)
                .getScores(0).getLikelihood();

        try (LegacyClient legacy = new LegacyClient()) {
            assertThat(legacy.client.filter(legacyTuesday14h("3358")).getLikelihoodToBid()).isEqualTo(grpcLikelihood);
        }
    }

    /** What the legacy client sends: no user agent, its own classification of it in deviceTypeId. */
    static BidRequest legacyClientShape(String advertiser, int deviceTypeId) {
        BidRequest request = legacyTuesday14h(advertiser);
        request.unsetUserAgent();
        request.setPayingPrice(0);
        request.setDeviceTypeId(deviceTypeId);
        return request;
    }

    @Test
    void deviceTypeIdMovesTheLikelihoodAsAUserAgentOfThatCategoryDoes() throws Exception {
        // By legacy code: 0 smartphone, 1 mobilephone, 2 appliance, 3 pc, 4 crawler, 5 misc, 6 no user agent.
        List<String> userAgentOfCategory = List.of(Requests.IPHONE_UA, "NOKIA6300/2.0 Profile/MIDP-2.0",
                "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
                "Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.5.0", "");
        Set<Double> likelihoods = new HashSet<>();
        try (LegacyClient legacy = new LegacyClient()) {
            for (int code = 0; code < userAgentOfCategory.size(); code++) {
                BidRequest byUserAgent = legacyTuesday14h("3358");
                byUserAgent.setPayingPrice(0);
                byUserAgent.setUserAgent(userAgentOfCategory.get(code));
                byUserAgent.setDeviceTypeId(code);
                double likelihood = legacy.client.filter(legacyClientShape("3358", code)).getLikelihoodToBid();

                assertThat(likelihood).as("deviceTypeId %d", code)
                        .isEqualTo(legacy.client.filter(byUserAgent).getLikelihoodToBid());
                likelihoods.add(likelihood);
            }
        }
        assertThat(likelihoods).as("one likelihood per device category").hasSize(userAgentOfCategory.size());
    }

    @Test
    void whenUserAgentAndDeviceTypeIdDisagreeTheUserAgentWins() throws Exception {
        try (LegacyClient legacy = new LegacyClient()) {
            BidRequest iphoneCalledACrawler = legacyTuesday14h("3358");
            iphoneCalledACrawler.setDeviceTypeId(4);

            assertThat(legacy.client.filter(iphoneCalledACrawler).getLikelihoodToBid())
                    .isEqualTo(legacy.client.filter(legacyTuesday14h("3358")).getLikelihoodToBid())
                    .isNotEqualTo(legacy.client.filter(legacyClientShape("3358", 4)).getLikelihoodToBid());
        }
    }

    @Test
    void deviceTypeIdOutsideTheCategoriesIsAnApplicationExceptionNamingIt() throws Exception {
        try (LegacyClient legacy = new LegacyClient()) {
            assertThatThrownBy(() -> legacy.client.filter(legacyClientShape("3358", 7)))
                    .isInstanceOf(TApplicationException.class)
                    .hasMessageStartingWith("INVALID_ARGUMENT: deviceTypeId: must be 0..6")
                    .hasMessageEndingWith("got 7");
        }
    }

    @Test
    void payingPriceDoesNotChangeTheScore() throws Exception {
        try (LegacyClient legacy = new LegacyClient()) {
            BidRequest low = legacyTuesday14h("1458");
            BidRequest high = legacyTuesday14h("1458");
            high.setPayingPrice(99_999);
            assertThat(legacy.client.filter(high).getLikelihoodToBid())
                    .isEqualTo(legacy.client.filter(low).getLikelihoodToBid());
        }
    }

    @Test
    void badFieldIsAnApplicationExceptionNamingItAndTheConnectionStaysUsable() throws Exception {
        try (LegacyClient legacy = new LegacyClient()) {
            BidRequest badHour = legacyTuesday14h("3358");
            badHour.setHour("25");

            assertThatThrownBy(() -> legacy.client.filter(badHour))
                    .isInstanceOf(TApplicationException.class)
                    .hasMessageStartingWith("INVALID_ARGUMENT: hour:");
            assertThat(legacy.client.filter(legacyTuesday14h("3358")).getLikelihoodToBid()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void unknownAdvertiserIsAnApplicationExceptionNotAZeroScore() throws Exception {
        try (LegacyClient legacy = new LegacyClient()) {
            assertThatThrownBy(() -> legacy.client.filter(legacyTuesday14h("9999")))
                    .isInstanceOf(TApplicationException.class)
                    .hasMessageContaining("unknown partner '9999'");
        }
    }

    @Test
    void garbageBytesCloseOnlyThatConnection() throws Exception {
        try (LegacyClient bystander = new LegacyClient();
             Socket attacker = new Socket("127.0.0.1", running.server.thriftPort())) {
            attacker.setSoTimeout(10_000);
            attacker.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            attacker.getOutputStream().flush();

            assertThat(drain(attacker.getInputStream())).isEqualTo(-1);
            assertThat(bystander.client.filter(legacyTuesday14h("3358")).getLikelihoodToBid()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void twoGigabyteStringLengthIsRejectedWithoutAllocatingIt() throws Exception {
        try (Socket attacker = new Socket("127.0.0.1", running.server.thriftPort())) {
            attacker.setSoTimeout(10_000);
            // One write for the whole message: written field by field, the server could close on the length
            // while the rest was still being sent, and the test would fail on a broken pipe instead.
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(attacker.getOutputStream()));
            out.writeInt(STRICT_VERSION_1 | TMessageType.CALL);
            out.writeInt(6);
            out.writeBytes("filter");
            out.writeInt(1);
            out.writeByte(TType.STRUCT);
            out.writeShort(1);
            out.writeByte(TType.STRING);
            out.writeShort(1);
            out.writeInt(Integer.MAX_VALUE);
            out.writeBytes("only a few bytes follow");
            out.flush();

            // The length is checked against the message size limit before any buffer is allocated, and the
            // connection is closed: its stream can no longer be trusted.
            assertThat(drain(attacker.getInputStream())).isEqualTo(-1);
        }
        try (LegacyClient legacy = new LegacyClient()) {
            assertThat(legacy.client.filter(legacyTuesday14h("3358")).getLikelihoodToBid()).isBetween(0.0, 1.0);
        }
    }

    /** Reads until the peer closes; returns -1 at end of stream. */
    private static int drain(InputStream in) throws Exception {
        byte[] buffer = new byte[4096];
        int read;
        do {
            read = in.read(buffer);
        } while (read > 0);
        return read;
    }
}
