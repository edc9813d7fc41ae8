package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.LabeledBidRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeCutsTest {

    @TempDir
    Path dir;

    private FeatureCache cacheOf(List<Long> arrivalMillis) throws Exception {
        LabeledBidRequest template = new SyntheticTraffic(SyntheticTraffic.Config.defaults(2)).rows(1).next();
        List<LabeledBidRequest> rows = new ArrayList<>();
        for (long millis : arrivalMillis) {
            rows.add(template.toBuilder().setArrivalTime(Timestamps.fromMillis(millis)).build());
        }
        return FeatureCache.write(rows.iterator(), List.of(), dir);
    }

    @Test
    void rowsInAnyFileOrderSplitAsTheirArrivalOrderWould() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            arrivals.add(1_700_000_000_000L + i * 997);
        }
        Collections.shuffle(arrivals, new Random(3));
        try (FeatureCache cache = cacheOf(arrivals)) {
            TimeCuts cuts = TimeCuts.of(cache.arrivals(), 0.8, 0.1);

            assertThat(cuts.split()).isEqualTo(new TimeSplit(800, 100, 100));
            assertThat(arrivals.stream().filter(cuts::trains).count()).isEqualTo(800);
            assertThat(arrivals.stream().filter(a -> a >= cuts.testFromMillis()).count()).isEqualTo(100);
        }
    }

    @Test
    void rowsOfTheSameMillisecondStayInOneSplit() throws Exception {
        List<Long> arrivals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // Ten rows in each of ten milliseconds: the 80% cut falls between two of them.
            arrivals.add(5_000L + i / 10);
        }
        try (FeatureCache cache = cacheOf(arrivals)) {
            TimeCuts cuts = TimeCuts.of(cache.arrivals(), 0.75, 0.1);

            assertThat(cuts.split().trainRows() % 10).isZero();
            assertThat(cuts.split().validationRows() % 10).isZero();
        }
    }
}
