package io.sluice.scoring;

import static io.sluice.api.v1.ThresholdSource.THRESHOLD_SOURCE_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Decision;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.PartnerScore;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import io.sluice.openrtb.OpenRtbExamples;
import io.sluice.scoring.ServingOptions.Inference;
import io.sluice.shaping.ShapingPolicy;
import io.sluice.shaping.ShapingSettings;
import io.sluice.shaping.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the scoring core answers for requests at the edges of what it accepts, whatever the protocol. */
class ScoringServiceTest {

    private static final RequestLimits LIMITS = new RequestLimits(64, 64, 256, 1024, 1000, 65_536, 32);
    /** The last second protobuf's Timestamp allows: 9999-12-31T23:59:59Z. */
    private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;
    private static ScoringService scoring;

    @BeforeAll
    static void loadBundledModel() throws Exception {
        ModelRegistry models = new ModelRegistry();
        models.install(ModelLoader.bundled(new ServingOptions(Inference.COMPILED, 1, 256L << 20, 1)));
        scoring = ScoringService.withoutTelemetry(LIMITS, models);
    }

    private static ScoreRequest.Builder request() {
        return ScoreRequest.newBuilder()
                .setBidRequest(BidRequest.newBuilder().setId("edge").addImp(Imp.getDefaultInstance()))
                .addPartnerIds("3358");
    }

    private static ScoringException refusal(ScoreRequest request) {
        return catchThrowableOfType(ScoringException.class, () -> scoring.score(request, CallDeadline.NONE));
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MIN_VALUE, MAX_TIMESTAMP_SECONDS + 1, -62_135_596_801L})
    void arrivalTimeOutsideTimestampRangeIsInvalidNamingTheFieldAndRange(long seconds) {
        ScoringException refused = refusal(request().setArrivalTime(Timestamp.newBuilder().setSeconds(seconds))
                .build());

        assertThat(refused).isNotNull();
        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).startsWith("arrival_time:").contains("0001-01-01T00:00:00Z")
                .contains("9999-12-31T23:59:59Z");
    }

    @Test
    void arrivalTimeWithNanosOutOfRangeIsInvalid() {
        ScoringException refused = refusal(request().setArrivalTime(Timestamp.newBuilder().setSeconds(1)
                .setNanos(-5)).build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).startsWith("arrival_time.nanos:");
    }

    @Test
    void tmaxAtTheEndOfTimeIsScoredNotAnInternalError() throws Exception {
        ScoreRequest lastSecond = request()
                .setBidRequest(BidRequest.newBuilder().setId("late").addImp(Imp.getDefaultInstance()).setTmax(1_000))
                .setArrivalTime(Timestamp.newBuilder().setSeconds(MAX_TIMESTAMP_SECONDS))
                .build();

        assertThat(scoring.score(lastSecond, CallDeadline.NONE).getScoresCount()).isEqualTo(1);
    }

    @Test
    void overlongPartnerIdIsRefusedWithoutEchoingIt() {
        String huge = "p".repeat(8_000);

        ScoringException refused = refusal(request().clearPartnerIds().addPartnerIds(huge).build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).startsWith("partner_ids[0]: longer than 256 characters").hasSizeLessThan(200);
    }

    @Test
    void overlongThresholdKeyIsRefusedWithoutEchoingIt() {
        ScoringException refused = refusal(request().putThresholds("k".repeat(8_000), 0.5).build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).startsWith("thresholds: a partner id is longer than 256 characters")
                .hasSizeLessThan(200);
    }

    @Test
    void unknownPartnerIsEchoedShortened() {
        String unknown = "x".repeat(200);

        ScoringException refused = refusal(request().clearPartnerIds().addPartnerIds(unknown).build());

        assertThat(refused.getMessage()).contains("unknown partner 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").contains("…")
                .hasSizeLessThan(300);
    }

    @Test
    void moreThresholdsThanPartnersAllowedAreRefused() {
        ScoreRequest.Builder many = request();
        for (int i = 0; i <= LIMITS.maxPartners(); i++) {
            many.putThresholds("p" + i, 0.5);
        }

        ScoringException refused = refusal(many.build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).isEqualTo("thresholds: at most 64 partners, got 65");
    }

    @Test
    void deviceCategoryNumberTheApiDoesNotDefineIsInvalidNamingTheField() {
        ScoringException refused = refusal(request().setBidRequest(BidRequest.newBuilder().setId("ua")
                .addImp(Imp.getDefaultInstance()).setDevice(Device.newBuilder().setUaCategoryValue(8))).build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).isEqualTo("bid_request.device.ua_category: must be 0..7, got 8");
    }

    @Test
    void openRtbJsonIsScoredExactlyAsTheSameRequestInProto() throws Exception {
        ScoreRequest json = request().setOpenrtbJson(ByteString.copyFrom(OpenRtbExamples.PMP_WITH_DIRECT_DEAL.json()))
                .build();
        ScoreRequest proto = request().setBidRequest(BidRequest.newBuilder()
                .setId("80ce30c53c16e6ede735f123ef6e32361bfc7b22")
                .addImp(Imp.newBuilder().setId("1").setBidfloorMicros(30_000)
                        .setBanner(Banner.newBuilder().setW(300).setH(250)))
                .setSite(Site.newBuilder().setDomain("www.foobar.com").setPage("http://www.foobar.com/1234.html"))
                .setDevice(Device.newBuilder().setIp("123.145.167.10").setUa("Mozilla/5.0 "
                        + "(Macintosh; Intel Mac OS X 10_6_8) AppleWebKit/537.13 (KHTML, like Gecko) Version/5.1.7 "
                        + "Safari/534.57.2"))
                .setUser(User.newBuilder().setId("55816b39711f9b5acf3b90e313ed29e51665623f")))
                .setArrivalTime(Timestamp.newBuilder().setSeconds(1_780_000_000)).build();

        assertThat(scoring.score(json.toBuilder().setArrivalTime(proto.getArrivalTime()).build(), CallDeadline.NONE))
                .isEqualTo(scoring.score(proto, CallDeadline.NONE));
    }

    @Test
    void refusalsOfOpenRtbJsonNameTheFieldAndTheJsonPath() {
        ScoringException refused = refusal(request().setOpenrtbJson(ByteString.copyFromUtf8(
                "{\"id\": \"r\", \"imp\": [{\"banner\": {}, \"bidfloor\": \"0.5\"}]}")).build());

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage())
                .isEqualTo("openrtb_json: $.imp[0].bidfloor: expected a number, got a string");
    }

    @Test
    void openRtbJsonRequestsAreCheckedForPartnersAndThresholdsToo() {
        ScoringException refused = refusal(request().setOpenrtbJson(ByteString.copyFrom(
                OpenRtbExamples.SIMPLE_BANNER.json())).putThresholds("3358", 2.0).build());

        assertThat(refused.getMessage()).startsWith("thresholds[3358]: must be in [0, 1]");
    }

    @Test
    void theLegacyViewOfTheCoreNeverExploresWhereTheGrpcOneDoes() throws Exception {
        ModelRegistry models = new ModelRegistry();
        models.install(ModelLoader.bundled(new ServingOptions(Inference.COMPILED, 1, 256L << 20, 1)));
        ShapingPolicy everything = new ShapingPolicy(new ShapingSettings(1.0, Map.of(), "s",
                Map.of("3358", 1.0), 1, Duration.ofSeconds(10)), Ticker.SYSTEM);
        ScoringService shaped = ScoringService.withoutTelemetry(LIMITS, models, everything,
                DecisionSink.NONE);
        ScoreRequest filtered = request().putThresholds("3358", 1.0).build();

        PartnerScore legacy = shaped.unshaped().score(filtered, CallDeadline.NONE).getScores(0);
        PartnerScore grpc = shaped.score(filtered, CallDeadline.NONE).getScores(0);

        assertThat(legacy.getExploration()).isFalse();
        assertThat(legacy.getDecision()).isEqualTo(Decision.DECISION_SKIP);
        assertThat(grpc.getExploration()).isTrue();
        assertThat(grpc.getDecision()).isEqualTo(Decision.DECISION_SEND);
    }

    @Test
    void anAnswerCarriesNothingOverFromTheAnswerBeforeItOnTheSameThread() throws Exception {
        ScoreRequest onePartner = request().build();
        ScoreRequest everyPartnerWithAThreshold = ScoreRequest.newBuilder()
                .setBidRequest(BidRequest.newBuilder().setId("all").addImp(Imp.getDefaultInstance()))
                .putThresholds("3358", 0.0)
                .build();
        ScoreResponse first = scoring.score(onePartner, CallDeadline.NONE);

        ScoreResponse all = scoring.score(everyPartnerWithAThreshold, CallDeadline.NONE);
        ScoreResponse again = scoring.score(onePartner, CallDeadline.NONE);

        assertThat(all.getScoresCount()).isGreaterThan(1);
        assertThat(all.getScoresList()).anyMatch(score -> score.getThresholdSource() == THRESHOLD_SOURCE_REQUEST);
        assertThat(again).isEqualTo(first);
        assertThat(again.getScores(0).getThresholdSource()).isNotEqualTo(THRESHOLD_SOURCE_REQUEST);
    }

    @Test
    void aSinglePartnerRequestIsAnsweredAsItsScoreRequestWouldBe() throws Exception {
        BidRequest bid = BidRequest.newBuilder().setId("single").addImp(Imp.getDefaultInstance())
                .setDevice(Device.newBuilder().setUa("Mozilla/5.0 (iPhone)")).build();
        SinglePartnerRequest single = new SinglePartnerRequest(bid, "3358", Instant.ofEpochSecond(4 * 86_400L));

        assertThat(scoring.unshaped().score(single, CallDeadline.NONE))
                .isEqualTo(scoring.unshaped().score(single.toScoreRequest(), CallDeadline.NONE));
    }

    @Test
    void aSinglePartnerRequestForAnUnknownPartnerIsRefusedAsItsScoreRequestWouldBe() {
        SinglePartnerRequest single = new SinglePartnerRequest(request().getBidRequest(), "nobody",
                Instant.ofEpochSecond(0));

        ScoringException refused = catchThrowableOfType(ScoringException.class,
                () -> scoring.score(single, CallDeadline.NONE));

        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).isEqualTo(refusal(single.toScoreRequest()).getMessage());
    }
}
