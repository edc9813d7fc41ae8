package io.sluice.openrtb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Segment;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import io.sluice.scoring.RequestLimits;
import io.sluice.scoring.ScoringException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The exchange's OpenRTB JSON, as exchanges write it, becomes Sluice's proto; anything else is refused at its path. */
class OpenRtbJsonMapperTest {

    private static final RequestLimits LIMITS = new RequestLimits(64, 64, 256, 1024, 1000, 65_536, 32);
    private static final OpenRtbJsonMapper MAPPER = new OpenRtbJsonMapper(LIMITS);
    private static final String MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_6_8) AppleWebKit/537.13 "
            + "(KHTML, like Gecko) Version/5.1.7 Safari/534.57.2";

    private static BidRequest read(String json) throws ScoringException {
        return MAPPER.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(String json) {
        ScoringException refused = catchThrowableOfType(ScoringException.class, () -> read(json));
        assertThat(refused).as("refusal of %s", json).isNotNull();
        assertThat(refused.reason()).isEqualTo(ScoringException.Reason.INVALID_ARGUMENT);
        return refused.getMessage();
    }

    /** A valid request with {@code imp} as its one impression. */
    private static String withImp(String imp) {
        return "{\"id\": \"r\", \"imp\": [" + imp + "]}";
    }

    @Test
    void specificationSimpleBannerMapsEveryFieldTheModelReads() throws Exception {
        BidRequest request = MAPPER.read(OpenRtbExamples.SIMPLE_BANNER.json());

        assertThat(request).isEqualTo(BidRequest.newBuilder()
                .setId("80ce30c53c16e6ede735f123ef6e32361bfc7b22")
                .addImp(Imp.newBuilder().setId("1").setBidfloorMicros(30_000)
                        .setBanner(Banner.newBuilder().setW(300).setH(250).setPos(0)))
                .setSite(Site.newBuilder().setDomain("www.foobar.com").setPage("http://www.foobar.com/1234.html "))
                .setDevice(Device.newBuilder().setUa(MAC_SAFARI).setIp("123.145.167.10"))
                .setUser(User.newBuilder().setId("55816b39711f9b5acf3b90e313ed29e51665623f"))
                .build());
    }

    @Test
    void specificationExpandableCreativeCarriesTheUserSegments() throws Exception {
        BidRequest request = MAPPER.read(OpenRtbExamples.EXPANDABLE_CREATIVE.json());

        assertThat(request.getUser().getDataList()).containsExactly(Data.newBuilder().setId("6")
                .addSegment(Segment.newBuilder().setId("12341318394918"))
                .addSegment(Segment.newBuilder().setId("1234131839491234"))
                .addSegment(Segment.newBuilder().setId("23423424")).build());
        assertThat(request.getImp(0).getBanner()).isEqualTo(Banner.newBuilder().setW(300).setH(250).build());
    }

    @Test
    void specificationMobileAppRequestTakesTheBundleAsDomainAndKeepsBothImpressions() throws Exception {
        BidRequest request = MAPPER.read(OpenRtbExamples.MOBILE.json());

        assertThat(request.getSite()).isEqualTo(Site.newBuilder().setDomain("12345").build());
        assertThat(request.getImpList()).extracting(Imp::getTagid)
                .containsExactly("agltb3B1Yi1pbmNyDQsSBFNpdGUY7fD0FAw", "agltb3B1Yi1pbmNyDQsSBFNpdGUY7fD0FAwa");
        assertThat(request.getImp(0).getBidfloorMicros()).isEqualTo(500_000);
        assertThat(request.getImp(0).getBanner()).isEqualTo(Banner.newBuilder().setW(728).setH(90).setPos(1).build());
        assertThat(request.getDevice().getGeo()).isEqualTo(Geo.newBuilder().setRegion("CA").setCity("Los Angeles")
                .build());
    }

    @Test
    void specificationDirectDealRequestIsReadWithTheImpressionFloorNotTheDeals() throws Exception {
        BidRequest request = MAPPER.read(OpenRtbExamples.PMP_WITH_DIRECT_DEAL.json());

        assertThat(request.getImp(0).getBidfloorMicros()).isEqualTo(30_000);
    }

    @ParameterizedTest
    @EnumSource(names = {"VIDEO", "NATIVE_AD"})
    void specificationRequestsWithoutABannerAreRefusedSayingWhy(OpenRtbExamples example) {
        ScoringException refused = catchThrowableOfType(ScoringException.class, () -> MAPPER.read(example.json()));

        assertThat(refused.getMessage()).isEqualTo("$.imp[0]: has no banner; Sluice scores banner impressions only "
                + "(its model knows no video, audio or native traffic)");
    }

    @Test
    void unknownPropertiesAndExtAreIgnoredWhereverTheyAre() throws Exception {
        String plain = "{\"id\": \"r\", \"imp\": [{\"id\": \"1\", \"banner\": {\"w\": 300, \"h\": 250}}],"
                + " \"device\": {\"ua\": \"x\", \"geo\": {\"city\": \"95\"}}, \"user\": {\"data\": [{\"segment\":"
                + " [{\"id\": \"s\"}]}]}}";
        String decorated = "{\"id\": \"r\", \"ext\": {\"prebid\": {\"deep\": [[[{\"a\": [1, 2.5, null, true]}]]]}},"
                + " \"regs\": {\"coppa\": 0}, \"imp\": [{\"id\": \"1\", \"ext\": {\"tagid\": 7}, \"banner\": {\"w\": 300,"
                + " \"h\": 250, \"ext\": \"anything\", \"battr\": [13]}, \"video\": {\"w\": 1}}], \"source\": {\"tid\":"
                + " \"t\"}, \"device\": {\"ua\": \"x\", \"ext\": null, \"geo\": {\"city\": \"95\", \"lat\": 1.5}},"
                + " \"user\": {\"ext\": {\"eids\": []}, \"data\": [{\"name\": \"n\", \"segment\": [{\"id\": \"s\","
                + " \"value\": \"v\", \"ext\": {}}]}]}}";

        assertThat(read(decorated)).isEqualTo(read(plain));
    }

    @Test
    void nullMeansAbsent() throws Exception {
        assertThat(read("{\"id\": \"r\", \"imp\": [{\"banner\": {\"w\": null}, \"bidfloor\": null}], \"site\": null,"
                + " \"tmax\": null}")).isEqualTo(read(withImp("{\"banner\": {}}")));
    }

    @Test
    void floorsAreExactMicrosOfTheCpmRoundedHalfToEven() throws Exception {
        assertThat(read(withImp("{\"banner\": {}, \"bidfloor\": 0.1}")).getImp(0).getBidfloorMicros())
                .isEqualTo(100_000);
        assertThat(read(withImp("{\"banner\": {}, \"bidfloor\": 12}")).getImp(0).getBidfloorMicros())
                .isEqualTo(12_000_000);
        assertThat(read(withImp("{\"banner\": {}, \"bidfloor\": 0.0000025}")).getImp(0).getBidfloorMicros())
                .isEqualTo(2);
        assertThat(read(withImp("{\"banner\": {}, \"bidfloor\": 1e-999999999}")).getImp(0).getBidfloorMicros())
                .isZero();
    }

    @Test
    void floorCurrencyIsCarriedAsGivenAndAnythingButACurrencyCodeIsRefused() throws Exception {
        assertThat(read(withImp("{\"banner\": {}, \"bidfloor\": 1.5, \"bidfloorcur\": \"EUR\"}")).getImp(0)
                .getBidfloorcur()).isEqualTo("EUR");
        assertThat(refusal(withImp("{\"banner\": {}, \"bidfloorcur\": \"usd\"}"))).isEqualTo(
                "$.imp[0].bidfloorcur: must be an ISO-4217 currency code (three capital letters), got 'usd'");
    }

    @Test
    void bannerWithoutASizeTakesItsFirstFormat() throws Exception {
        BidRequest request = read(withImp("{\"banner\": {\"format\": [{\"w\": 320, \"h\": 50}, {\"w\": 300,"
                + " \"h\": 250}], \"pos\": 3}}"));

        assertThat(request.getImp(0).getBanner()).isEqualTo(Banner.newBuilder().setW(320).setH(50).setPos(3).build());
    }

    @Test
    void appWithADomainTakesItsDomain() throws Exception {
        assertThat(read("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"app\": {\"domain\": \"weather.example\","
                + " \"bundle\": \"com.example.weather\"}}").getSite().getDomain()).isEqualTo("weather.example");
    }

    @Test
    void deviceTypesOfTheOpenRtbListAreCarriedAsTheirCategoryAndOthersRefused() throws Exception {
        for (OpenRtbDeviceType type : OpenRtbDeviceType.values()) {
            assertThat(read("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"device\": {\"devicetype\": "
                    + type.code() + "}}").getDevice().getUaCategory())
                    .isEqualTo(type.category().asUserAgentCategory());
        }
        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"device\": {\"devicetype\": 9}}"))
                .isEqualTo("$.device.devicetype: must be an OpenRTB device type, 1..8, got 9");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"id": "r", "imp": [{"banner": {}, "bidfloor": "0.5"}]}        | $.imp[0].bidfloor: expected a number, got a string
            {"id": "r", "imp": [{"banner": {"w": 300.5}}]}                 | $.imp[0].banner.w: expected an integer, got 300.5
            {"id": "r", "imp": [{"banner": {"format": [{"h": true}]}}]}    | $.imp[0].banner.format[0].h: expected an integer, got true
            {"id": "r", "imp": {"banner": {}}}                             | $.imp: expected an array, got an object
            {"id": "r", "imp": [{"banner": []}]}                           | $.imp[0].banner: expected an object, got an array
            {"id": "r", "imp": [{"banner": {}}, 7]}                        | $.imp[1]: expected an object, got 7
            {"id": 17, "imp": [{"banner": {}}]}                            | $.id: expected a string, got 17
            {"id": "r", "imp": [{"banner": {}}], "device": {"ua": ["x"]}}  | $.device.ua: expected a string, got an array
            {"id": "r", "imp": [{"banner": {}}], "tmax": "120"}            | $.tmax: expected an integer, got a string
            {"id": "r", "imp": [{"banner": {}}], "user": {"data": [{"segment": [{"id": 5}]}]}} | $.user.data[0].segment[0].id: expected a string, got 5
            [1, 2]                                                         | $: expected an object (an OpenRTB BidRequest), got an array
            """)
    void wrongTypesAreRefusedAtTheirJsonPath(String json, String message) {
        assertThat(refusal(json)).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"id": "r", "imp": [{"banner": {}, "bidfloor": -0.01}]}            | $.imp[0].bidfloor: must not be negative, got -0.01
            {"id": "r", "imp": [{"banner": {}, "bidfloor": 1e400}]}            | $.imp[0].bidfloor: must be at most 9223372036854.775807 (int64 micros), got 1e400
            {"id": "r", "imp": [{"banner": {"w": 20000, "h": 250}}]}           | $.imp[0].banner.w: must be 0..10000, got 20000
            {"id": "r", "imp": [{"banner": {"format": [{"w": 300, "h": -1}]}}]} | $.imp[0].banner.format[0].h: must be 0..10000, got -1
            {"id": "r", "imp": [{"banner": {"pos": 8}}]}                       | $.imp[0].banner.pos: must be 0..7, got 8
            {"id": "r", "imp": [{"banner": {}}], "tmax": 3000000000}           | $.tmax: out of range, got 3000000000
            {"id": "r", "imp": [{"banner": {}}], "tmax": -5}                   | $.tmax: must not be negative, got -5
            {"id": "r", "imp": [{"banner": {}}], "device": {"geo": {"utcoffset": 900}}} | $.device.geo.utcoffset: must be -720..840, got 900
            {"imp": [{"banner": {}}]}                                          | $.id: required
            {"id": "r", "imp": []}                                             | $.imp: at least one impression is required
            {"id": "r", "imp": [{"banner": {}}], "site": {}, "app": {}}        | $.app: a bid request has site or app, not both
            """)
    void outOfRangeValuesAreRefusedAtTheirJsonPath(String json, String message) {
        assertThat(refusal(json)).isEqualTo(message);
    }

    @Test
    void overlongStringsAreRefusedWhereTheCallerWroteThem() {
        String longName = "d".repeat(300);

        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"site\": {\"domain\": \"" + longName
                + "\"}}")).isEqualTo("$.site.domain: longer than 256 characters");
        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"app\": {\"bundle\": \"" + longName
                + "\"}}")).isEqualTo("$.app.bundle: longer than 256 characters");
        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"device\": {\"ua\": \""
                + "u".repeat(5_000) + "\"}}")).isEqualTo("$.device.ua: longer than 1024 characters");
    }

    @Test
    void moreSegmentsThanTheLimitAreRefused() {
        StringBuilder segments = new StringBuilder();
        for (int i = 0; i <= LIMITS.maxSegments(); i++) {
            segments.append(i == 0 ? "" : ",").append("{\"id\": \"s").append(i).append("\"}");
        }

        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"user\": {\"data\": [{\"segment\": ["
                + segments + "]}]}}")).isEqualTo("$.user.data: more than 64 segments in total");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedEvenInsideExt() {
        String deep = "[".repeat(40) + "]".repeat(40);

        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"ext\": " + deep + "}"))
                .startsWith("$.ext").endsWith(": nested deeper than 32 levels");
    }

    @Test
    void documentsLargerThanTheLimitAreRefusedBeforeParsing() {
        byte[] large = ("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"ext\": \"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        ScoringException refused = catchThrowableOfType(ScoringException.class, () -> MAPPER.read(large));

        assertThat(refused.getMessage()).isEqualTo("$: " + large.length + " bytes, more than the 65536 allowed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"id": "r", "imp": [{"banner": {}}                     | $.imp[0]: not valid JSON at line 1, column 35: Unexpected end-of-input: expected close marker for Array
            {"id": "r", "imp": [{"banner": {}}], "id": "s"}        | $.id: not valid JSON at line 1, column 38: Duplicate Object property "id"
            {"id": "r", "imp": [{"banner": {}}]} {"id": "s"}       | $: more JSON after the bid request
            ''                                                     | $: no JSON; expected an object (an OpenRTB BidRequest)
            """)
    void malformedJsonIsRefusedWithWhereItBroke(String json, String message) {
        assertThat(refusal(json)).isEqualTo(message);
    }

    @Test
    void aRepeatedPropertyIsRefusedInsideSkippedObjectsAndAfterManyOthers() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            many.append("\"k").append(i).append("\": ").append(i).append(", ");
        }

        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}}], \"ext\": {" + many + "\"k15\": 0}}"))
                .startsWith("$.ext.k15: not valid JSON at line 1, column ")
                .endsWith(": Duplicate Object property \"k15\"");
        assertThat(refusal("{\"id\": \"r\", \"imp\": [{\"banner\": {}, \"ext\": [{\"a\": {\"b\": 1, \"b\": 2}}]}]}"))
                .startsWith("$.imp[0].ext[0].a.b: not valid JSON");
    }

    @Test
    void aLogOfJsonLinesIsReadOneRequestPerLine() throws Exception {
        byte[] log = ("{\"id\": \"a\", \"imp\": [{\"banner\": {\"w\": 300, \"h\": 250}}]}\n"
                + "{\"id\": \"b\", \"imp\": [{\"banner\": {\"w\": 728, \"h\": 90}}]}\n").getBytes(StandardCharsets.UTF_8);

        List<BidRequest> requests = new ArrayList<>();
        for (int start = 0, end; start < log.length; start = end + 1) {
            end = start;
            while (log[end] != '\n') {
                end++;
            }
            requests.add(MAPPER.read(log, start, end - start));
        }

        assertThat(requests).extracting(BidRequest::getId).containsExactly("a", "b");
        assertThat(requests.get(1).getImp(0).getBanner().getW()).isEqualTo(728);
    }
}
