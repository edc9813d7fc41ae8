package io.sluice.bench;

import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ScoreRequest;
import io.sluice.features.RequestTime;
import io.sluice.training.SyntheticTraffic;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * A fixed set of realistic requests, built once from the synthetic traffic generator and cycled through by every
 * load test and benchmark, in both API shapes. Requests carry no arrival time and no tmax, so a request sent long
 * after it was built is still scored rather than answered DEADLINE_EXCEEDED.
 *
 * @param scoreRequests v1 requests scoring every partner the model knows
 * @param legacyRequests the same requests in the legacy Thrift shape, one partner each
 * @param arrivals       each request's synthetic arrival time, for in-process feature extraction
 */
public record RequestCorpus(List<ScoreRequest> scoreRequests, List<com.aik.filterapi.BidRequest> legacyRequests,
                            List<Instant> arrivals) {

    private static final long MICROS_PER_FEN = 10_000;

    /** {@code size} requests from the synthetic traffic generator with {@code seed}. */
    public static RequestCorpus generate(int size, long seed) {
        Iterator<LabeledBidRequest> rows = new SyntheticTraffic(SyntheticTraffic.Config.defaults(seed)).rows(size);
        List<String> partners = SyntheticTraffic.partnerIds();
        ScoreRequest[] scores = new ScoreRequest[size];
        com.aik.filterapi.BidRequest[] legacy = new com.aik.filterapi.BidRequest[size];
        Instant[] arrivals = new Instant[size];
        for (int i = 0; i < size; i++) {
            LabeledBidRequest row = rows.next();
            BidRequest bid = row.getRequest().toBuilder().clearTmax().build();
            arrivals[i] = Instant.ofEpochSecond(row.getArrivalTime().getSeconds(), row.getArrivalTime().getNanos());
            scores[i] = ScoreRequest.newBuilder().setBidRequest(bid).build();
            legacy[i] = toLegacy(bid, arrivals[i], partners.get(i % partners.size()));
        }
        return new RequestCorpus(List.of(scores), List.of(legacy), List.of(arrivals));
    }

    /** Number of requests. */
    public int size() {
        return scoreRequests.size();
    }

    /** The request the legacy auction servers would have sent for {@code bid}, scoring {@code partner}. */
    private static com.aik.filterapi.BidRequest toLegacy(BidRequest bid, Instant arrival, String partner) {
        RequestTime local = RequestTime.at(arrival, bid.getDevice().getGeo().getUtcoffset());
        long floorMicros = bid.getImpCount() > 0 ? bid.getImp(0).getBidfloorMicros() : 0;
        return new com.aik.filterapi.BidRequest()
                .setBidId(bid.getId())
                .setDayOfWeek(local.weekday())
                .setHour(String.format("%02d", local.hourOfDay()))
                .setRegionId(bid.getDevice().getGeo().getRegion())
                .setCityId(bid.getDevice().getGeo().getCity())
                .setDomainId(bid.getSite().getDomain())
                .setAdvertiserId(partner)
                .setBiddingPrice(floorMicros / MICROS_PER_FEN)
                .setUserAgent(bid.getDevice().getUa());
    }
}
