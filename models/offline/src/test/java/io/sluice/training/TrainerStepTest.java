package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.model.BidLikelihoodNetwork;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One mini-batch step with partial labels and weights, on a tiny network without L2 (so only gradients move it). */
class TrainerStepTest {

    private static final int INPUTS = 16;
    private static final int PARTNERS = 2;

    private final EmbeddingBag first = new EmbeddingBag(INPUTS, 4, 0.05, 3);
    private final MultiLayerNetwork head = BidLikelihoodNetwork.head(List.of(4), PARTNERS, 0.05, 0, 3);

    /**
     * Rows with the same features that all label partner 0 (bid every other row, each bid weighing
     * {@code bidWeight}) and never partner 1.
     */
    private static List<TrainingRow> partnerZeroOnly(int rows, float bidWeight) {
        List<TrainingRow> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            boolean bid = i % 2 == 0;
            batch.add(new TrainingRow(0, new int[] {3, 7}, new int[] {0}, new boolean[] {bid},
                    new float[] {bid ? bidWeight : 1f}));
        }
        return batch;
    }

    private INDArray outputLayer(String key) {
        return head.getLayer(head.getnLayers() - 1).getParam(key).dup();
    }

    @Test
    void anUnlabelledPartnersOutputGetsNoGradientAndDoesNotMove() {
        INDArray weightsBefore = outputLayer(DefaultParamInitializer.WEIGHT_KEY);
        INDArray biasBefore = outputLayer(DefaultParamInitializer.BIAS_KEY);

        for (int i = 0; i < 20; i++) {
            Trainer.step(partnerZeroOnly(32, 1f), PARTNERS, first, head, 0.05);
        }

        INDArray weightsAfter = outputLayer(DefaultParamInitializer.WEIGHT_KEY);
        INDArray biasAfter = outputLayer(DefaultParamInitializer.BIAS_KEY);
        assertThat(weightsAfter.getColumn(1)).isEqualTo(weightsBefore.getColumn(1));
        assertThat(biasAfter.getDouble(1)).isEqualTo(biasBefore.getDouble(1));
        assertThat(weightsAfter.getColumn(0)).isNotEqualTo(weightsBefore.getColumn(0));
        assertThat(biasAfter.getDouble(0)).isNotEqualTo(biasBefore.getDouble(0));
    }

    @Test
    void heavierBidsRaiseTheFittedProbability() {
        MultiLayerNetwork other = BidLikelihoodNetwork.head(List.of(4), PARTNERS, 0.05, 0, 3);
        EmbeddingBag otherFirst = new EmbeddingBag(INPUTS, 4, 0.05, 3);
        for (int i = 0; i < 100; i++) {
            Trainer.step(partnerZeroOnly(32, 1f), PARTNERS, first, head, 0.05);
            Trainer.step(partnerZeroOnly(32, 3f), PARTNERS, otherFirst, other, 0.05);
        }
        int[][] rows = {{3, 7}};

        double unweighted = head.output(first.forward(rows), false).getColumn(0).meanNumber().doubleValue();
        double weighted = other.output(otherFirst.forward(rows), false).getColumn(0).meanNumber().doubleValue();

        // Half the rows bid: about 0.5 unweighted; bids weighing 3 stand for 3 rows each: about 3 / 4.
        assertThat(unweighted).isBetween(0.4, 0.6);
        assertThat(weighted).isBetween(0.65, 0.85);
    }
}
