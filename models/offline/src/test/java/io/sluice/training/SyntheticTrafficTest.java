package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.DeviceCategory;
import io.sluice.features.RequestTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {

    private static final long SEED = 20260601L;
    private static final int SAMPLE_ROWS = 50_000;
    private static final List<String> PARTNERS = SyntheticTraffic.partnerIds();

    private static SyntheticTraffic traffic;
    private static Sample sample;

    @BeforeAll
    static void generateOnce() {
        // One 50k-row pass shared by the marginal tests: generation dominates the suite's run time.
        traffic = new SyntheticTraffic(SyntheticTraffic.Config.defaults(SEED));
        sample = Sample.of(traffic, SAMPLE_ROWS);
    }

    @Test
    void partnerIdsAreTheNineIpinyouAdvertisers() {
        assertThat(PARTNERS).containsExactly("1458", "3358", "3386", "3427", "3476", "2259", "2261", "2821", "2997");
    }

    @Test
    void defaultConfigIsTwoWeeksFromJuneFirstOverTwentyThousandDomains() {
        SyntheticTraffic.Config config = SyntheticTraffic.Config.defaults(5);
        assertThat(config).isEqualTo(new SyntheticTraffic.Config(5, Instant.parse("2026-06-01T00:00:00Z"),
                Duration.ofDays(14), 20_000, 3));
    }

    @Test
    void configRejectsAnEmptySpanAndNoDomains() {
        Instant start = Instant.EPOCH;
        assertThatThrownBy(() -> new SyntheticTraffic.Config(1, start, Duration.ZERO, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("span");
        assertThatThrownBy(() -> new SyntheticTraffic.Config(1, start, Duration.ofDays(1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domains");
    }

    @Test
    void sameSeedGivesIdenticalRows() {
        SyntheticTraffic again = new SyntheticTraffic(SyntheticTraffic.Config.defaults(SEED));
        assertThat(take(again.rows(1000), 1000)).isEqualTo(take(traffic.rows(1000), 1000));
    }

    @Test
    void differentSeedGivesDifferentRows() {
        SyntheticTraffic other = new SyntheticTraffic(SyntheticTraffic.Config.defaults(SEED + 1));
        List<LabeledBidRequest> mine = take(traffic.rows(1000), 1000);
        List<LabeledBidRequest> theirs = take(other.rows(1000), 1000);
        int identical = 0;
        for (int i = 0; i < mine.size(); i++) {
            identical += mine.get(i).getRequest().equals(theirs.get(i).getRequest()) ? 1 : 0;
        }
        assertThat(identical).isZero();
    }

    @Test
    void rowsStopAfterTheRequestedCount() {
        Iterator<LabeledBidRequest> rows = traffic.rows(3);
        take(rows, 3);
        assertThat(rows.hasNext()).isFalse();
    }

    @Test
    void eachPartnersMeanTrueProbabilityAndBidRateMatchItsIpinyouWinRate() {
        for (int p = 0; p < PARTNERS.size(); p++) {
            double target = SyntheticTraffic.targetBidRate(PARTNERS.get(p));
            assertThat(sample.trueProbabilitySum[p] / SAMPLE_ROWS).as("mean p of %s", PARTNERS.get(p))
                    .isCloseTo(target, within(0.02));
            assertThat((double) sample.bids[p] / SAMPLE_ROWS).as("bid rate of %s", PARTNERS.get(p))
                    .isCloseTo(target, within(0.02));
        }
    }

    @Test
    void everyRowLabelsAndScoresEveryPartner() {
        LabeledBidRequest row = traffic.rows(1).next();
        assertThat(row.getBidsMap()).containsOnlyKeys(PARTNERS);
        assertThat(row.getTrueProbabilityMap()).containsOnlyKeys(PARTNERS);
        assertThat(row.getTrueProbabilityMap().values()).allSatisfy(p -> assertThat(p).isStrictlyBetween(0.0, 1.0));
    }

    @Test
    void trueProbabilityReproducesTheProbabilityEachLabelWasDrawnFrom() {
        Iterator<LabeledBidRequest> rows = traffic.rows(300);
        while (rows.hasNext()) {
            LabeledBidRequest row = rows.next();
            Instant arrival = instant(row.getArrivalTime());
            for (String partner : PARTNERS) {
                assertThat(traffic.trueProbability(partner, row.getRequest(), arrival))
                        .isEqualTo(row.getTrueProbabilityOrThrow(partner));
            }
        }
    }

    @Test
    void trueProbabilityIsDefinedForValuesTheGeneratorNeverEmits() {
        BidRequest stranger = BidRequest.newBuilder().setId("x").build();
        Instant arrival = Instant.parse("2026-06-03T12:00:00Z");
        double p = traffic.trueProbability("1458", stranger, arrival);
        assertThat(p).isStrictlyBetween(0.0, 1.0);
        assertThat(traffic.trueProbability("1458", stranger, arrival)).isEqualTo(p);
    }

    @Test
    void trueProbabilityRejectsAnUnknownPartner() {
        assertThatThrownBy(() -> traffic.trueProbability("9999", BidRequest.getDefaultInstance(), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9999");
    }

    @Test
    void mostCommonSlotSizeIs300x250() {
        String top = sample.sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(top).isEqualTo("300x250");
        assertThat(sample.sizes).hasSizeLessThanOrEqualTo(29);
    }

    @Test
    void untaggedShareIsNearIpinyous() {
        assertThat((double) sample.untagged / SAMPLE_ROWS).isCloseTo(0.206, within(0.03));
        assertThat((double) sample.tags / (SAMPLE_ROWS - sample.untagged)).isCloseTo(5.7, within(0.2));
    }

    @Test
    void arrivalTimesAreNonDecreasingAndInsideTheSpan() {
        SyntheticTraffic.Config config = SyntheticTraffic.Config.defaults(SEED);
        assertThat(sample.outOfOrder).isZero();
        assertThat(sample.first).isAfterOrEqualTo(config.start());
        assertThat(sample.last).isBefore(config.start().plus(config.span()));
        // Stratified placement fills the span right up to its end.
        assertThat(sample.last).isAfter(config.start().plus(config.span()).minus(Duration.ofHours(1)));
    }

    @Test
    void hour22IsBusierThanHour4ByAboutTheIpinyouRatio() {
        assertThat(sample.hours[22]).isGreaterThan(sample.hours[4]);
        assertThat((double) sample.hours[22] / sample.hours[4]).isCloseTo(982.0 / 118, within(1.0));
    }

    @Test
    void requestIdsAreUnique() {
        assertThat(sample.distinctIds).isEqualTo(SAMPLE_ROWS);
    }

    @Test
    void userAgentsCoverSmartphoneTabletPcCrawlerAndFeaturePhone() {
        assertThat(sample.devices).contains(DeviceCategory.SMARTPHONE, DeviceCategory.APPLIANCE, DeviceCategory.PC,
                DeviceCategory.CRAWLER, DeviceCategory.MOBILEPHONE);
    }

    @Test
    void everyCityLiesInExactlyOneRegion() {
        assertThat(sample.regionOfCity.size()).isLessThanOrEqualTo(370);
        assertThat(new HashSet<>(sample.regionOfCity.values())).hasSizeLessThanOrEqualTo(35);
        assertThat(sample.cityInTwoRegions).isFalse();
    }

    @Test
    void requestsLookLikeChineseRtbTraffic() {
        BidRequest request = traffic.rows(1).next().getRequest();
        assertThat(request.getImpCount()).isEqualTo(1);
        assertThat(request.getImp(0).getTagid()).startsWith("mm_");
        assertThat(request.getImp(0).getBidfloorcur()).isEqualTo("CNY");
        assertThat(request.getImp(0).getBidfloorMicros() % 10_000).as("whole fen").isZero();
        assertThat(request.getDevice().getGeo().getUtcoffset()).isEqualTo(480);
        assertThat(request.getDevice().getIp()).matches("\\d+\\.\\d+\\.\\d+\\.0");
        assertThat(sample.zeroFloors).as("zero floors are common").isGreaterThan(SAMPLE_ROWS / 5);
    }

    private static List<LabeledBidRequest> take(Iterator<LabeledBidRequest> rows, int n) {
        List<LabeledBidRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(rows.next());
        }
        return out;
    }

    private static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** Marginal counts over one pass, so the rows themselves need not be kept. */
    private static final class Sample {
        final double[] trueProbabilitySum = new double[PARTNERS.size()];
        final long[] bids = new long[PARTNERS.size()];
        final Map<String, Integer> sizes = new HashMap<>();
        final long[] hours = new long[24];
        final Set<DeviceCategory> devices = EnumSet.noneOf(DeviceCategory.class);
        final Map<String, String> regionOfCity = new HashMap<>();
        boolean cityInTwoRegions;
        int untagged;
        long tags;
        int zeroFloors;
        int outOfOrder;
        int distinctIds;
        Instant first;
        Instant last;

        static Sample of(SyntheticTraffic traffic, int n) {
            Sample s = new Sample();
            Set<String> ids = new HashSet<>();
            Iterator<LabeledBidRequest> rows = traffic.rows(n);
            while (rows.hasNext()) {
                LabeledBidRequest row = rows.next();
                BidRequest request = row.getRequest();
                Instant arrival = instant(row.getArrivalTime());
                if (s.first == null) {
                    s.first = arrival;
                } else if (arrival.isBefore(s.last)) {
                    s.outOfOrder++;
                }
                s.last = arrival;
                s.hours[RequestTime.at(arrival, request.getDevice().getGeo().getUtcoffset()).hourOfDay()]++;
                for (int p = 0; p < PARTNERS.size(); p++) {
                    s.trueProbabilitySum[p] += row.getTrueProbabilityOrThrow(PARTNERS.get(p));
                    s.bids[p] += row.getBidsOrThrow(PARTNERS.get(p)) ? 1 : 0;
                }
                Banner banner = request.getImp(0).getBanner();
                s.sizes.merge(banner.getW() + "x" + banner.getH(), 1, Integer::sum);
                int segments = request.getUser().getDataList().stream().mapToInt(d -> d.getSegmentCount()).sum();
                s.untagged += segments == 0 ? 1 : 0;
                s.tags += segments;
                s.zeroFloors += request.getImp(0).getBidfloorMicros() == 0 ? 1 : 0;
                s.devices.add(DeviceCategory.ofUserAgent(request.getDevice().getUa()));
                String region = request.getDevice().getGeo().getRegion();
                String previous = s.regionOfCity.putIfAbsent(request.getDevice().getGeo().getCity(), region);
                s.cityInTwoRegions |= previous != null && !previous.equals(region);
                ids.add(request.getId());
            }
            s.distinctIds = ids.size();
            return s;
        }
    }
}
