package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class CompiledMlpTest {

    private static final int ROWS = 10_000;
    private static final int PARTNERS = 9;

    /** Random multi-hot rows shaped like real ones: one column per single-valued field plus a few segments. */
    private static FeatureVector[] randomRows(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FeatureVector[] rows = new FeatureVector[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = FeatureVector.forCurrentSpec();
            int active = 10 + random.nextInt(20);
            for (int k = 0; k < active; k++) {
                rows[i].add(random.nextInt(FeatureExtractor.DIMENSION));
            }
        }
        return rows;
    }

    @Test
    void compiledForwardPassMatchesDl4jWithin1e5OnTenThousandRows() {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, List.of(64, 32),
                PARTNERS, 1e-3, 0, 7);
        // Random init leaves outputs near 0.5; scale the weights up so the check also covers saturated sigmoids.
        network.setParams(network.params().mul(4));
        CompiledMlp compiled = CompiledMlp.of(network);
        Dl4jPredictor reference = new Dl4jPredictor(network, 1);
        FeatureVector[] rows = randomRows(11);

        double maxDiff = 0;
        float[] fast = new float[PARTNERS];
        for (int start = 0; start < ROWS; start += 1000) {
            FeatureVector[] batch = java.util.Arrays.copyOfRange(rows, start, start + 1000);
            float[][] expected = reference.predictBatch(batch);
            for (int i = 0; i < batch.length; i++) {
                compiled.predict(batch[i], fast);
                for (int p = 0; p < PARTNERS; p++) {
                    maxDiff = Math.max(maxDiff, Math.abs(fast[p] - expected[i][p]));
                }
            }
        }
        assertThat(maxDiff).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void dl4jSingleRowPathAgreesWithItsBatchPath() {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, List.of(16),
                PARTNERS, 1e-3, 0, 3);
        Dl4jPredictor reference = new Dl4jPredictor(network, 2);
        FeatureVector[] rows = java.util.Arrays.copyOf(randomRows(5), 50);
        float[][] batch = reference.predictBatch(rows);
        float[] single = new float[PARTNERS];
        for (int i = 0; i < rows.length; i++) {
            reference.predict(rows[i], single);
            assertThat(single).containsExactly(batch[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
