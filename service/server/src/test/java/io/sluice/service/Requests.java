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
import java.time.Instant;

/** Realistic requests for tests. */
final class Requests {

    static final String IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148";
    /** A Tuesday, 14:00 at UTC+8. */
    static final Instant TUESDAY_14H_UTC8 = Instant.parse("2026-06-02T06:00:00Z");

    private Requests() {
    }

    static BidRequest bidRequest(String id) {
        return BidRequest.newBuilder()
                .setId(id)
                .addImp(Imp.newBuilder().setId("1").setTagid("mm_1_1").setBidfloorMicros(3_000_000)
                        .setBidfloorcur("CNY").setBanner(Banner.newBuilder().setW(300).setH(250).setPos(1)))
                .setSite(Site.newBuilder().setDomain("news.example.com"))
                .setDevice(Device.newBuilder().setUa(IPHONE_UA)
                        .setGeo(Geo.newBuilder().setRegion("94").setCity("95").setUtcoffset(480)))
                .setUser(User.newBuilder().addData(Data.newBuilder().setId("ipinyou")
                        .addSegment(Segment.newBuilder().setId("10006"))
                        .addSegment(Segment.newBuilder().setId("13866"))))
                .build();
    }

    static ScoreRequest scoreRequest(String id, String... partners) {
        return ScoreRequest.newBuilder()
                .setBidRequest(bidRequest(id))
                .addAllPartnerIds(java.util.List.of(partners))
                .setArrivalTime(Timestamp.newBuilder().setSeconds(TUESDAY_14H_UTC8.getEpochSecond()))
                .build();
    }
}
