package io.sluice.training;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import java.time.Instant;

/** A labelled row through the shared {@link FeatureExtractor}, at the time it arrived, as serving would see it. */
final class RowFeatures {

    private RowFeatures() {
    }

    /** Loads {@code row}'s active columns into {@code out} and returns its arrival time in epoch milliseconds. */
    static long extract(LabeledBidRequest row, FeatureVector out) {
        Instant arrival = arrival(row);
        FeatureExtractor.extract(row.getRequest(),
                RequestTime.at(arrival, row.getRequest().getDevice().getGeo().getUtcoffset()), out);
        return arrival.toEpochMilli();
    }

    /** {@code row}'s arrival time in epoch milliseconds, as {@link #extract} returns it. */
    static long arrivalMillis(LabeledBidRequest row) {
        return arrival(row).toEpochMilli();
    }

    private static Instant arrival(LabeledBidRequest row) {
        return Instant.ofEpochSecond(row.getArrivalTime().getSeconds(), row.getArrivalTime().getNanos());
    }
}
