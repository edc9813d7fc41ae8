package io.sluice.scoring;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.ScoreRequest;
import java.time.Instant;

/**
 * A request to score one partner of a bid request with that partner's own threshold: what the legacy protocol asks.
 * It is the {@link ScoreRequest} of {@link #toScoreRequest()}, held unbuilt so a scorer may skip building it.
 */
public record SinglePartnerRequest(BidRequest bid, String partnerId, Instant arrival) {

    /** The same request as a v1 {@code ScoreRequest} naming one partner and no thresholds. */
    public ScoreRequest toScoreRequest() {
        return ScoreRequest.newBuilder()
                .setBidRequest(bid)
                .addPartnerIds(partnerId)
                .setArrivalTime(Timestamp.newBuilder().setSeconds(arrival.getEpochSecond()).setNanos(arrival.getNano()))
                .build();
    }
}
