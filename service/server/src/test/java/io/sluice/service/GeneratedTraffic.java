package io.sluice.service;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.Banner;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.Data;
import io.sluice.api.v1.Device;
import io.sluice.api.v1.Geo;
import io.sluice.api.v1.Imp;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.api.v1.Segment;
import io.sluice.api.v1.Site;
import io.sluice.api.v1.User;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated stream of varied requests for tests of traffic shaping: sites, slots, places, devices, segments and
 * hours drawn from a seeded source, so that the model's likelihoods spread like live traffic's rather than repeat.
 */
final class GeneratedTraffic {

    private static final int[][] SLOTS = {{300, 250}, {728, 90}, {160, 600}, {336, 280}, {468, 60}, {950, 90}};
    private static final String[] USER_AGENTS = {Requests.IPHONE_UA,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Mobile/15E148"};
    private static final String[] SEGMENTS = {"10006", "13866", "10063", "10059", "11092", "13042", "10684",
            "16706", "11680", "10110"};
    private static final long WEEK_SECONDS = 7 * 24 * 3600;

    private GeneratedTraffic() {
    }

    /** {@code count} requests with ids {@code idPrefix + i}, each scoring {@code partners} (empty: all). */
    static List<ScoreRequest> requests(long seed, int count, String idPrefix, String... partners) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ScoreRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(ScoreRequest.newBuilder()
                    .setBidRequest(bidRequest(random, idPrefix + i))
                    .addAllPartnerIds(List.of(partners))
                    .setArrivalTime(Timestamp.newBuilder().setSeconds(Requests.TUESDAY_14H_UTC8.getEpochSecond()
                            + random.nextLong(WEEK_SECONDS)))
                    .build());
        }
        return requests;
    }

    private static BidRequest bidRequest(SplittableRandom random, String id) {
        int[] slot = SLOTS[random.nextInt(SLOTS.length)];
        User.Builder user = User.newBuilder();
        Data.Builder data = Data.newBuilder().setId("ipinyou");
        for (int s = random.nextInt(4); s > 0; s--) {
            data.addSegment(Segment.newBuilder().setId(SEGMENTS[random.nextInt(SEGMENTS.length)]));
        }
        return BidRequest.newBuilder()
                .setId(id)
                .addImp(Imp.newBuilder().setId("1").setTagid("mm_" + random.nextInt(400))
                        .setBidfloorMicros(random.nextInt(0, 12) * 1_000_000L).setBidfloorcur("CNY")
                        .setBanner(Banner.newBuilder().setW(slot[0]).setH(slot[1]).setPos(random.nextInt(3))))
                .setSite(Site.newBuilder().setDomain("site" + random.nextInt(3000) + ".example.com"))
                .setDevice(Device.newBuilder().setUa(USER_AGENTS[random.nextInt(USER_AGENTS.length)])
                        .setGeo(Geo.newBuilder().setRegion(Integer.toString(1 + random.nextInt(400)))
                                .setCity(Integer.toString(1 + random.nextInt(400))).setUtcoffset(480)))
                .setUser(user.addData(data))
                .build();
    }
}
