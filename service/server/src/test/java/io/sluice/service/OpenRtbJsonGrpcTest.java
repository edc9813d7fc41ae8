package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreBatchRequest;
import io.sluice.api.v1.ScoreOutcome;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.ScorerGrpc;
import io.sluice.openrtb.OpenRtbExamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exchanges send their own OpenRTB JSON to Score and ScoreBatch, and hear back at the JSON path what is wrong. */
class OpenRtbJsonGrpcTest {

    private static RunningServer running;
    private static ScorerGrpc.ScorerBlockingStub scorer;

    @BeforeAll
    static void start() throws Exception {
        running = RunningServer.inProcess(Map.of("limits.max-openrtb-json-size", "4KiB",
                "limits.max-openrtb-json-depth", "10"));
        scorer = ScorerGrpc.newBlockingStub(running.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        running.close();
    }

    private static ScoreRequest json(String json, String... partners) {
        return json(json.getBytes(StandardCharsets.UTF_8), partners);
    }

    private static ScoreRequest json(byte[] json, String... partners) {
        return ScoreRequest.newBuilder().setOpenrtbJson(ByteString.copyFrom(json))
                .addAllPartnerIds(List.of(partners))
                .setArrivalTime(Requests.scoreRequest("t").getArrivalTime()).build();
    }

    private static Status refusalOf(ScoreRequest request) {
        StatusRuntimeException refused = catchThrowableOfType(
                StatusRuntimeException.class, () -> scorer.score(request));
        assertThat(refused).as("a refusal").isNotNull();
        return refused.getStatus();
    }

    @ParameterizedTest
    @EnumSource(names = {"SIMPLE_BANNER", "EXPANDABLE_CREATIVE", "MOBILE", "PMP_WITH_DIRECT_DEAL"})
    void specificationBannerExamplesAreScoredForEveryPartner(OpenRtbExamples example) {
        ScoreResponse response = scorer.score(json(example.json()));

        assertThat(response.getRequestId()).isNotEmpty();
        assertThat(response.getScoresList()).hasSize(9).allSatisfy(score ->
                assertThat(score.getLikelihood()).isBetween(0.0, 1.0));
    }

    @ParameterizedTest
    @EnumSource(names = {"VIDEO", "NATIVE_AD"})
    void specificationExamplesWithoutABannerAreRefusedSayingWhy(OpenRtbExamples example) {
        Status refused = refusalOf(json(example.json()));

        assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getDescription()).startsWith("openrtb_json: $.imp[0]: has no banner; Sluice scores "
                + "banner impressions only");
    }

    @Test
    void theSameRequestAsJsonOrProtoGetsTheSameScores() {
        String exchangeJson = """
                {"id": "r1",
                 "imp": [{"id": "1", "tagid": "mm_1_1", "bidfloor": 3.0, "bidfloorcur": "CNY",
                          "banner": {"w": 300, "h": 250, "pos": 1}, "ext": {"exchange": {"slot": 9}}}],
                 "site": {"domain": "news.example.com", "publisher": {"id": "p"}},
                 "device": {"ua": "%s", "devicetype": 4,
                            "geo": {"region": "94", "city": "95", "utcoffset": 480, "country": "CHN"}},
                 "user": {"data": [{"id": "ipinyou", "segment": [{"id": "10006"}, {"id": "13866"}]}]},
                 "regs": {"ext": {"gdpr": 0}}}
                """.formatted(Requests.IPHONE_UA);
        ScoreRequest proto = Requests.scoreRequest("r1", "3358", "1458");

        ScoreResponse fromJson = scorer.score(json(exchangeJson, "3358", "1458"));

        assertThat(fromJson.getScoresList()).extracting(PartnerScore::getLikelihood)
                .containsExactlyElementsOf(likelihoods(proto));
        assertThat(fromJson.getRequestId()).isEqualTo("r1");
    }

    @Test
    void aDeviceTypeWithoutAUserAgentScoresAsTheUserAgentOfSuchADeviceDoes() {
        String request = "{\"id\": \"d\", \"imp\": [{\"banner\": {\"w\": 300, \"h\": 250}}], \"device\": %s}";
        String tabletAgent = "{\"ua\": \"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) Mobile/15E148\"}";

        List<Double> tablet = likelihoods(json(request.formatted("{\"devicetype\": 5}")));
        List<Double> computer = likelihoods(json(request.formatted("{\"devicetype\": 2}")));

        assertThat(tablet).isEqualTo(likelihoods(json(request.formatted(tabletAgent))));
        assertThat(computer).isNotEqualTo(tablet);
    }

    private static List<Double> likelihoods(ScoreRequest request) {
        return scorer.score(request).getScoresList().stream().map(PartnerScore::getLikelihood).toList();
    }

    @Test
    void aFloorWrittenAsAStringIsRefusedNamingItsJsonPath() {
        Status refused = refusalOf(json("{\"id\": \"r\", \"imp\": [{\"banner\": {}, \"bidfloor\": \"0.5\"}]}"));

        assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getDescription()).isEqualTo("openrtb_json: $.imp[0].bidfloor: expected a number, got a "
                + "string");
    }

    @Test
    void malformedJsonIsInvalidArgumentNeverAScore() {
        Status refused = refusalOf(json("{\"id\": \"r\", \"imp\": [{\"banner\": {}}"));

        assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getDescription()).startsWith("openrtb_json: $.imp[0]: not valid JSON at line 1");
    }

    @Test
    void jsonBeyondTheConfiguredSizeOrDepthIsRefusedNamingTheLimit() {
        String padded = "{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"ext\": \"" + "x".repeat(5_000) + "\"}";
        String deep = "{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"ext\": " + "[".repeat(12) + "]".repeat(12) + "}";

        assertThat(refusalOf(json(padded)).getDescription()).isEqualTo("openrtb_json: $: "
                + padded.length() + " bytes, more than the 4096 allowed");
        assertThat(refusalOf(json(deep)).getDescription()).startsWith("openrtb_json: $.ext")
                .endsWith(": nested deeper than 10 levels");
    }

    @Test
    void aBatchMixingJsonAndProtoAnswersEachWithItsOwnIdAndOutcome() {
        ScoreBatchRequest batch = ScoreBatchRequest.newBuilder()
                .addRequests(json(OpenRtbExamples.SIMPLE_BANNER.json(), "3358"))
                .addRequests(Requests.scoreRequest("proto-1", "3358"))
                .addRequests(json(OpenRtbExamples.VIDEO.json(), "3358"))
                .build();

        List<ScoreOutcome> outcomes = scorer.scoreBatch(batch).getOutcomesList();

        assertThat(outcomes).extracting(ScoreOutcome::getRequestId)
                .containsExactly("80ce30c53c16e6ede735f123ef6e32361bfc7b22", "proto-1", "");
        assertThat(outcomes.get(0).hasResponse()).isTrue();
        assertThat(outcomes.get(2).getError().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    }

    @Test
    void aRequestWithNeitherFormIsRefusedNamingBoth() {
        assertThatThrownBy(() -> scorer.score(ScoreRequest.newBuilder().addPartnerIds("3358").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .isEqualTo("bid_request: required (or the exchange's OpenRTB JSON as openrtb_json)"));
    }
}
