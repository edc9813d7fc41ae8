package io.sluice.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.Segment;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import io.sluice.api.v1.UserAgentCategory;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    static BidRequest request(String domain, String... segments) {
        Data.Builder data = Data.newBuilder().setId("dmp");
        for (String segment : segments) {
            data.addSegment(Segment.newBuilder().setId(segment));
        }
        return BidRequest.newBuilder()
                .setId("r1")
                .addImp(Imp.newBuilder().setTagid("slot-7").setBidfloorMicros(3_000_000)
                        .setBanner(Banner.newBuilder().setW(300).setH(250).setPos(1)))
                .setSite(Site.newBuilder().setDomain(domain))
                .setDevice(Device.newBuilder().setUa("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")
                        .setGeo(Geo.newBuilder().setRegion("94").setCity("95").setUtcoffset(480)))
                .setUser(User.newBuilder().addData(data))
                .build();
    }

    private static int[] extract(BidRequest request, RequestTime time) {
        FeatureVector vector = FeatureVector.forCurrentSpec();
        FeatureExtractor.extract(request, time, vector);
        return vector.toSortedArray();
    }

    @Test
    void sameRequestGivesSameVectorAcrossCallsAndReusedBuffers() {
        RequestTime time = new RequestTime(22, 4);
        FeatureVector reused = FeatureVector.forCurrentSpec();
        FeatureExtractor.extract(request("other.example"), time, reused);
        FeatureExtractor.extract(request("news.example.com", "10006", "13866"), time, reused);

        assertThat(reused.toSortedArray())
                .isEqualTo(extract(request("news.example.com", "10006", "13866"), time))
                .isEqualTo(extract(request("news.example.com", "10006", "13866").toBuilder().build(), time));
    }

    @Test
    void everyActiveColumnLiesInsideTheSpecDimension() {
        int[] columns = extract(request("news.example.com", "a", "b", "c"), new RequestTime(0, 0));

        // Ten single-valued fields, two crosses, three segments.
        assertThat(columns).hasSize(12 + 3);
        assertThat(columns[0]).isGreaterThanOrEqualTo(0);
        assertThat(columns[columns.length - 1]).isLessThan(FeatureExtractor.DIMENSION);
        assertThat(FeatureExtractor.spec().getDimension()).isEqualTo(FeatureExtractor.DIMENSION);
    }

    @Test
    void domainsAreCaseInsensitiveAndDistinctDomainsUsuallyDiffer() {
        RequestTime time = new RequestTime(3, 2);
        assertThat(extract(request("News.Example.COM"), time)).isEqualTo(extract(request("news.example.com"), time));
        assertThat(extract(request("sports.example.org"), time)).isNotEqualTo(extract(request("news.example.com"), time));
    }

    @Test
    void repeatedSegmentsCountOnce() {
        RequestTime time = new RequestTime(3, 2);
        assertThat(extract(request("d", "s1", "s1", "s1"), time)).isEqualTo(extract(request("d", "s1"), time));
    }

    @Test
    void hourAndWeekdayComeFromArrivalTimeInPublisherTimezone() {
        // 2026-06-01T14:30Z is a Monday; at UTC+8 it is 22:30 on Monday, at UTC-15h it would be Sunday.
        Instant arrival = Instant.parse("2026-06-01T14:30:00Z");
        assertThat(RequestTime.at(arrival, 480)).isEqualTo(new RequestTime(22, 0));
        assertThat(RequestTime.at(arrival, -15 * 60)).isEqualTo(new RequestTime(23, 6));
    }

    @Test
    void crossedFieldsTellApartCombinationsThatShareEachSingleValue() {
        BidRequest base = request("news.example.com");
        BidRequest otherRegion = base.toBuilder().setDevice(base.getDevice().toBuilder()
                .setGeo(base.getDevice().getGeo().toBuilder().setRegion("2"))).build();
        int[] regionAt9 = extract(base, new RequestTime(9, 1));
        int[] regionAt10 = extract(base, new RequestTime(10, 1));
        int[] otherRegionAt9 = extract(otherRegion, new RequestTime(9, 1));

        // Hour 9 -> 10 changes the hour column and the region x hour column; region 94 -> 2 changes the region
        // column and the region x hour column. Everything else stays.
        assertThat(differences(regionAt9, regionAt10)).isEqualTo(2);
        assertThat(differences(regionAt9, otherRegionAt9)).isEqualTo(2);
        assertThat(differences(regionAt10, otherRegionAt9)).isEqualTo(3);
    }

    @Test
    void domainTimesSlotSizeChangesWithEitherPart() {
        RequestTime time = new RequestTime(9, 1);
        BidRequest small = request("news.example.com");
        BidRequest large = small.toBuilder().setImp(0, small.getImp(0).toBuilder()
                .setBanner(small.getImp(0).getBanner().toBuilder().setW(728).setH(90))).build();

        // Size 300x250 -> 728x90 changes the size column and the domain x size column.
        assertThat(differences(extract(small, time), extract(large, time))).isEqualTo(2);
    }

    /** Columns active in one vector but not the other, counted once per pair. */
    private static int differences(int[] a, int[] b) {
        java.util.Set<Integer> left = new java.util.HashSet<>();
        for (int column : a) {
            left.add(column);
        }
        int missing = 0;
        for (int column : b) {
            missing += left.contains(column) ? 0 : 1;
        }
        return missing;
    }

    @Test
    void floorBucketsAreLogScaleInHundredthsAndCapped() {
        assertThat(FeatureExtractor.floorBucket(0)).isZero();
        assertThat(FeatureExtractor.floorBucket(9_999)).isZero();
        assertThat(FeatureExtractor.floorBucket(10_000)).isEqualTo(1);
        assertThat(FeatureExtractor.floorBucket(3_000_000)).isEqualTo(9);
        assertThat(FeatureExtractor.floorBucket(Long.MAX_VALUE)).isEqualTo(15);
    }

    @Test
    void userAgentsMapToLegacyDeviceCategories() {
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)"))
                .isEqualTo(DeviceCategory.SMARTPHONE);
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (compatible; Googlebot/2.1)"))
                .isEqualTo(DeviceCategory.CRAWLER);
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")).isEqualTo(DeviceCategory.PC);
        assertThat(DeviceCategory.ofUserAgent("Mozilla/5.0 (iPad; CPU OS 16_0)")).isEqualTo(DeviceCategory.APPLIANCE);
        assertThat(DeviceCategory.ofUserAgent("")).isEqualTo(DeviceCategory.UNKNOWN);
    }

    @Test
    void callersDeviceCategoryFillsTheColumnOfAUserAgentOfThatCategory() {
        RequestTime time = new RequestTime(9, 1);
        BidRequest withUserAgent = request("news.example.com");
        BidRequest withCategoryOnly = withUserAgent.toBuilder().setDevice(withUserAgent.getDevice().toBuilder()
                .clearUa().setUaCategory(UserAgentCategory.USER_AGENT_CATEGORY_SMARTPHONE)).build();
        BidRequest withNeither = withUserAgent.toBuilder().setDevice(withUserAgent.getDevice().toBuilder().clearUa())
                .build();

        assertThat(extract(withCategoryOnly, time)).isEqualTo(extract(withUserAgent, time));
        assertThat(differences(extract(withNeither, time), extract(withUserAgent, time))).isEqualTo(1);
    }
}
