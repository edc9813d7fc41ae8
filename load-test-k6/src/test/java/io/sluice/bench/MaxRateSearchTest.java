package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

    /** A server that answers everything up to {@code capacity} per second and falls behind above it. */
    private static StepResult stepAgainst(double capacity, double rate) {
        long intended = Math.round(rate);
        long succeeded = Math.min(intended, Math.round(capacity));
        return new StepResult(rate, 1, intended, succeeded, 0, intended - succeeded, Map.of(), succeeded, succeeded,
                1, 1, 1, 1, 1, 0, 0);
    }

    @Test
    void findsTheCapacityWithinTheLastBisectionsBracket() {
        MaxRateSearch search = new MaxRateSearch(1000, 64_000, 3);

        MaxRateSearch.Result result = search.find(rate -> stepAgainst(10_000, rate), s -> s.sustained(0.99, 25));

        // Doubling brackets it in (8000, 16000]; three bisections narrow that to 1000/s. Each failed rate is
        // tried twice: 16000, 12000 and 11000.
        assertThat(result.maxSustainedPerSecond()).isBetween(9_000.0, 10_000.0);
        assertThat(result.steps()).hasSize(5 + 3 + 3);
    }

    @Test
    void aSingleFailedStepIsRetriedSoOneStallDoesNotEndTheSearch() {
        int[] calls = {0};
        MaxRateSearch.Result result = new MaxRateSearch(1000, 4000, 1).find(rate -> {
            // The very first step stalls; the server can do 4000/s.
            double capacity = calls[0]++ == 0 ? 10 : 4000;
            return stepAgainst(capacity, rate);
        }, s -> s.sustained(0.99, 25));

        assertThat(result.maxSustainedPerSecond()).isEqualTo(4000);
        assertThat(result.steps()).extracting(StepResult::offeredPerSecond)
                .containsExactly(1000.0, 1000.0, 2000.0, 4000.0);
    }

    @Test
    void stopsAtTheConfiguredMaximumWhenEverythingIsSustained() {
        MaxRateSearch.Result result = new MaxRateSearch(1000, 5000, 3)
                .find(rate -> stepAgainst(1e9, rate), s -> s.sustained(0.99, 25));

        assertThat(result.maxSustainedPerSecond()).isEqualTo(5000);
        assertThat(result.steps()).extracting(StepResult::offeredPerSecond).containsExactly(1000.0, 2000.0, 4000.0, 5000.0);
    }

    @Test
    void reportsZeroWhenEvenTheStartRateFails() {
        MaxRateSearch.Result result = new MaxRateSearch(1000, 5000, 2)
                .find(rate -> stepAgainst(10, rate), s -> s.sustained(0.99, 25));

        assertThat(result.maxSustainedPerSecond()).isZero();
    }
}
