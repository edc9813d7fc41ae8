package io.sluice.simulation;

import com.google.protobuf.Timestamp;
import io.sluice.api.v1.BidRequest;
import io.sluice.api.v1.DecisionRecord;
import io.sluice.api.v1.ScoreResponse;
import io.sluice.scoring.DecisionSink;
import java.time.Instant;

/**
 * The decision log of a simulated server: keeps the record of the last decision, as the server's decision log
 * would write it with every request sampled. Single-threaded, like the simulation's serving loop.
 */
final class DecisionCapture implements DecisionSink {

    private DecisionRecord last;

    @Override
    public void decided(BidRequest request, Instant arrival, ScoreResponse response) {
        last = DecisionRecord.newBuilder()
                .setBidRequest(request)
                .setArrivalTime(Timestamp.newBuilder().setSeconds(arrival.getEpochSecond()).setNanos(arrival.getNano()))
                .setModelVersion(response.getModelVersion())
                .addAllScores(response.getScoresList())
                .setSampleRate(1.0)
                .build();
    }

    /** The record of the last request scored. */
    DecisionRecord last() {
        if (last == null) {
            throw new IllegalStateException("no request was scored yet");
        }
        return last;
    }
}
