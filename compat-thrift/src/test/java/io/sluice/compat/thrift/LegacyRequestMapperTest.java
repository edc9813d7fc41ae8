package io.sluice.compat.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aik.filterapi.BidRequest;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.UserAgentCategory;
import io.sluice.scoring.ScoringException;
import io.sluice.scoring.SinglePartnerRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The legacy request's v1 form: every legacy field where the scoring core reads it, and refusals naming the field. */
class LegacyRequestMapperTest {

    private final LegacyRequestMapper mapper = new LegacyRequestMapper(0);

    private static BidRequest full() {
        BidRequest request = new BidRequest();
        request.setBidId("bid-7");
        request.setDayOfWeek(2);
        request.setHour("14");
        request.setRegionId("80");
        request.setCityId("85");
        request.setDomainId("news.example.com");
        request.setAdvertiserId("3358");
        request.setBiddingPrice(300);
        request.setPayingPrice(277);
        request.setUserAgent("Mozilla/5.0");
        request.setDeviceTypeId(3);
        return request;
    }

    /** The legacy client's own call: no user agent, no domain. */
    private static BidRequest asTheLegacyClientCalls() {
        BidRequest request = new BidRequest();
        request.setBidId("bid-8");
        request.setDayOfWeek(0);
        request.setHour("09");
        request.setRegionId("1");
        request.setCityId("2");
        request.setAdvertiserId("1458");
        request.setDeviceTypeId(6);
        return request;
    }

    @Test
    void everyLegacyFieldLandsInTheV1RequestButThePayingPrice() throws ScoringException {
        SinglePartnerRequest request = mapper.toRequest(full());

        assertThat(request.partnerId()).isEqualTo("3358");
        assertThat(request.arrival()).isEqualTo(Instant.parse("1970-01-07T14:00:00Z"));
        assertThat(request.bid()).isEqualTo(io.sluice.api.v1.BidRequest.newBuilder()
                .setId("bid-7")
                .addImp(Imp.newBuilder().setId("1").setBidfloorMicros(3_000_000).setBidfloorcur("CNY"))
                .setSite(Site.newBuilder().setDomain("news.example.com"))
                .setDevice(Device.newBuilder().setUa("Mozilla/5.0")
                        .setUaCategory(UserAgentCategory.USER_AGENT_CATEGORY_PC)
                        .setGeo(Geo.newBuilder().setRegion("80").setCity("85")))
                .build());
    }

    @Test
    void aCallCarriesNothingOverFromThePreviousCallOnTheSameThread() throws ScoringException {
        mapper.toRequest(full());

        SinglePartnerRequest request = mapper.toRequest(asTheLegacyClientCalls());

        assertThat(request.bid()).isEqualTo(io.sluice.api.v1.BidRequest.newBuilder()
                .setId("bid-8")
                .addImp(Imp.newBuilder().setId("1").setBidfloorcur("CNY"))
                .setSite(Site.getDefaultInstance())
                .setDevice(Device.newBuilder().setUaCategory(UserAgentCategory.USER_AGENT_CATEGORY_UNKNOWN)
                        .setGeo(Geo.newBuilder().setRegion("1").setCity("2")))
                .build());
        assertThat(request.arrival()).isEqualTo(Instant.parse("1970-01-05T09:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "7", "07", "23"})
    void hourIsOneOrTwoDigitsUpTo23(String hour) throws ScoringException {
        BidRequest legacy = full();
        legacy.setHour(hour);

        assertThat(mapper.toRequest(legacy).arrival().getEpochSecond() % 86_400)
                .isEqualTo(Integer.parseInt(hour) * 3_600L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24", "99", "123", "+1", "-1", "1a", " 1", "\u0663"})
    void anyOtherHourIsRefusedQuotingIt(String hour) {
        BidRequest legacy = full();
        legacy.setHour(hour);

        assertThatThrownBy(() -> mapper.toRequest(legacy))
                .isInstanceOf(ScoringException.class)
                .hasMessage("hour: must be \"00\"..\"23\", got \"" + hour + "\"");
    }

    @Test
    void aMissingHourIsRefusedSayingSo() {
        BidRequest legacy = full();
        legacy.unsetHour();

        assertThatThrownBy(() -> mapper.toRequest(legacy)).hasMessage("hour: must be \"00\"..\"23\", got nothing");
    }
}
