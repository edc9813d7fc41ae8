package io.sluice.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExplorationSamplerTest {

    private static final int REQUESTS = 200_000;

    @Test
    void aRequestDrawsTheSameForAPartnerOnEveryReplicaAndRetry() {
        ExplorationSampler replicaA = new ExplorationSampler("fleet-1");
        ExplorationSampler replicaB = new ExplorationSampler("fleet-1");
        long partner = ExplorationSampler.partnerKey("1458");

        for (int i = 0; i < 1000; i++) {
            String id = "req-" + i;
            assertThat(ExplorationSampler.draw(replicaA.requestKey(id), partner))
                    .isEqualTo(ExplorationSampler.draw(replicaB.requestKey(new String(id.toCharArray())), partner))
                    .isBetween(0.0, 1.0);
        }
    }

    @Test
    void sequentialIdsAreExploredAtTheRate() {
        ExplorationSampler sampler = new ExplorationSampler("sluice");
        long partner = ExplorationSampler.partnerKey("3358");
        int[] tenths = new int[10];
        int explored = 0;
        for (int i = 0; i < REQUESTS; i++) {
            double draw = ExplorationSampler.draw(sampler.requestKey(Integer.toString(i)), partner);
            tenths[(int) (draw * 10)]++;
            explored += draw < 0.01 ? 1 : 0;
        }

        // 2,000 expected, standard deviation about 45.
        assertThat(explored).isBetween(1800, 2200);
        assertThat(Arrays.stream(tenths).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(19_400, 20_600));
    }

    @Test
    void partnersAndSaltsDrawIndependentSamples() {
        ExplorationSampler sampler = new ExplorationSampler("sluice");
        ExplorationSampler resalted = new ExplorationSampler("sluice-2");
        long a = ExplorationSampler.partnerKey("1458");
        long b = ExplorationSampler.partnerKey("3358");
        int both = 0;
        int bothSalts = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String id = "auction-" + i;
            boolean exploredForA = ExplorationSampler.draw(sampler.requestKey(id), a) < 0.1;
            both += exploredForA && ExplorationSampler.draw(sampler.requestKey(id), b) < 0.1 ? 1 : 0;
            bothSalts += exploredForA && ExplorationSampler.draw(resalted.requestKey(id), a) < 0.1 ? 1 : 0;
        }

        // Independent at 10% each: 1% of requests in both samples, 2,000 expected.
        assertThat(both).isBetween(1800, 2200);
        assertThat(bothSalts).isBetween(1800, 2200);
    }
}
