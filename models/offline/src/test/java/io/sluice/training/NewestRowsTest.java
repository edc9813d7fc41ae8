package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewestRowsTest {

    /** Which rows a stable sort by arrival puts among the last {@code count}: the in-memory trainer's test split. */
    private static boolean[] newestBySorting(long[] arrivals, int count) {
        Integer[] order = new Integer[arrivals.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compare(arrivals[a], arrivals[b]));
        boolean[] newest = new boolean[arrivals.length];
        for (int k = arrivals.length - count; k < arrivals.length; k++) {
            newest[order[k]] = true;
        }
        return newest;
    }

    private static boolean[] newestStreaming(long[] arrivals, int count) throws Exception {
        long oldest = Arrays.stream(arrivals).min().orElseThrow();
        long newest = Arrays.stream(arrivals).max().orElseThrow();
        NewestRows rows = NewestRows.of(oldest, newest, arrivals.length, consumer -> {
            for (long arrival : arrivals) {
                consumer.accept(arrival);
            }
        }, count);
        boolean[] taken = new boolean[arrivals.length];
        for (int i = 0; i < arrivals.length; i++) {
            taken[i] = rows.next(arrivals[i]);
        }
        return taken;
    }

    @Test
    void theNewestRowsAreThoseAStableSortByArrivalPutsLastEvenWithinAMillisecond() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        // Two weeks of arrivals in a shuffled order, many sharing a millisecond (every 7th is a repeat).
        long[] arrivals = new long[20_000];
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] = i % 7 == 6 ? arrivals[random.nextInt(i)] : 1_780_000_000_000L
                    + random.nextLong(14L * 24 * 3600 * 1000);
        }
        for (int count : new int[] {1, 2_000, 2_001, 2_345, 19_999, 20_000}) {
            assertThat(newestStreaming(arrivals, count)).as("newest %d", count)
                    .isEqualTo(newestBySorting(arrivals, count));
        }
    }

    @Test
    void rowsAllOfOneMillisecondAreTakenInTheirOrder() throws Exception {
        long[] arrivals = new long[10];
        Arrays.fill(arrivals, 5_000L);

        assertThat(newestStreaming(arrivals, 3))
                .containsExactly(false, false, false, false, false, false, false, true, true, true);
    }
}
