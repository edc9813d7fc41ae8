package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.model.BidLikelihoodNetwork;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingBagTest {

    private static final int INPUTS = 200;
    private static final int WIDTH = 6;

    private static int[][] randomRows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] rows = new int[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = random.ints(3 + random.nextInt(8), 0, INPUTS).distinct().sorted().toArray();
        }
        return rows;
    }

    private static INDArray multiHot(int[][] rows) {
        float[] dense = new float[rows.length * INPUTS];
        for (int i = 0; i < rows.length; i++) {
            for (int column : rows[i]) {
                dense[i * INPUTS + column] = 1f;
            }
        }
        return Nd4j.create(dense, new long[] {rows.length, INPUTS}, 'c');
    }

    @Test
    void forwardIsTheSumOfTheActiveRowsPlusBias() {
        EmbeddingBag bag = new EmbeddingBag(INPUTS, WIDTH, 0.5, 1);
        int[][] rows = randomRows(20, 2);

        INDArray expected = multiHot(rows).mmul(bag.weightMatrix()).addRowVector(bag.biasRow());

        assertThat(bag.forward(rows).equalsWithEps(expected, 1e-5)).isTrue();
    }

    @Test
    void assembledDenseNetworkComputesWhatTheTrainingFormComputes() {
        EmbeddingBag bag = new EmbeddingBag(INPUTS, WIDTH, 0.5, 3);
        MultiLayerNetwork head = BidLikelihoodNetwork.head(List.of(WIDTH, 4), 3, 1e-3, 0, 3);
        int[][] rows = randomRows(50, 4);
        float[] gradient = new float[rows.length * WIDTH];
        java.util.Arrays.fill(gradient, 0.01f);
        bag.update(rows, gradient, 0.1);

        MultiLayerNetwork dense = BidLikelihoodNetwork.assemble(bag.weightMatrix(), bag.biasRow(), head);

        INDArray trainingForm = head.output(bag.forward(rows), false);
        assertThat(dense.output(multiHot(rows), false).equalsWithEps(trainingForm, 1e-5)).isTrue();
        assertThat(dense.layerInputSize(0)).isEqualTo(INPUTS);
    }

    @Test
    void firstAdaGradStepMovesOnlyActiveRowsByTheLearningRateAgainstTheGradientSign() {
        EmbeddingBag bag = new EmbeddingBag(INPUTS, 2, 0.5, 5);
        INDArray before = bag.weightMatrix();
        // Two rows share column 7; their gradients add up there: (0.2 + -0.5, -0.1 + -0.1) = (-0.3, -0.2).
        int[][] rows = {{3, 7}, {7, 9}};
        float[] gradient = {0.2f, -0.1f, -0.5f, -0.1f};

        bag.update(rows, gradient, 0.05);

        INDArray moved = bag.weightMatrix().sub(before);
        // With empty accumulators AdaGrad's first step is rate * g / |g|: exactly the rate, against the sign.
        assertThat(moved.getDouble(7, 0)).isCloseTo(0.05, within(1e-6));
        assertThat(moved.getDouble(7, 1)).isCloseTo(0.05, within(1e-6));
        assertThat(moved.getDouble(3, 0)).isCloseTo(-0.05, within(1e-6));
        assertThat(moved.getDouble(9, 1)).isCloseTo(0.05, within(1e-6));
        assertThat(moved.getRow(0).amaxNumber().doubleValue()).isZero();
        // Column 3 moves (-0.05, +0.05), columns 7 and 9 move (+0.05, +0.05), nothing else moves.
        assertThat(moved.sumNumber().doubleValue()).isCloseTo(0.2, within(1e-5));
    }

    @Test
    void restoringSavedParametersUndoesLaterUpdates() {
        EmbeddingBag bag = new EmbeddingBag(INPUTS, WIDTH, 0.5, 6);
        int[][] rows = randomRows(10, 7);
        EmbeddingBag.Parameters saved = bag.parameters();
        INDArray before = bag.forward(rows);
        float[] gradient = new float[rows.length * WIDTH];
        java.util.Arrays.fill(gradient, 0.3f);
        bag.update(rows, gradient, 0.1);

        bag.restore(saved);

        assertThat(bag.forward(rows)).isEqualTo(before);
    }
}
