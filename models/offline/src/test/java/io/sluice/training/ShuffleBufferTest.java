package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleBufferTest {

    private static List<Integer> passThrough(int items, int capacity, long seed) {
        ShuffleBuffer<Integer> buffer = new ShuffleBuffer<>(capacity, new Random(seed));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Integer displaced = buffer.offer(i);
            assertThat(buffer.size()).isLessThanOrEqualTo(capacity);
            if (displaced != null) {
                out.add(displaced);
            }
        }
        for (Integer rest = buffer.poll(); rest != null; rest = buffer.poll()) {
            out.add(rest);
        }
        return out;
    }

    @Test
    void everyItemComesOutOnceHoldingAtMostTheCapacity() {
        List<Integer> out = passThrough(10_000, 100, 1);

        assertThat(out).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10_000).boxed().toList());
    }

    @Test
    void theOrderIsShuffledAndDependsOnTheSeed() {
        List<Integer> out = passThrough(10_000, 100, 1);

        assertThat(out).isNotEqualTo(IntStream.range(0, 10_000).boxed().toList());
        assertThat(passThrough(10_000, 100, 2)).isNotEqualTo(out);
        assertThat(passThrough(10_000, 100, 1)).isEqualTo(out);
    }

    @Test
    void aStreamNoLongerThanTheCapacityIsShuffledWhole() {
        List<Integer> out = passThrough(50, 100, 1);

        // Without eviction the drain draws uniformly from everything: the first item out can be any of them.
        assertThat(out).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(out.subList(0, 10)).anySatisfy(i -> assertThat(i).isGreaterThanOrEqualTo(25));
    }
}
