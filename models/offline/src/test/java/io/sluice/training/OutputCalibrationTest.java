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

class OutputCalibrationTest {

    @Test
    void foldingScalesEachPartnersLogitInsideTheNetwork() {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(6, List.of(5), 3, 1e-3, 0, 4);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 6);
        float[][] before = network.output(x.dup(), false).toFloatMatrix();
        OutputCalibration calibration = new OutputCalibration(new double[] {0.5, 1.0, 2.0},
                new double[] {0.3, -0.2, 0.0});

        calibration.foldInto(network);

        float[][] after = network.output(x.dup(), false).toFloatMatrix();
        for (int i = 0; i < before.length; i++) {
            for (int p = 0; p < 3; p++) {
                double z = Math.log(before[i][p] / (1 - before[i][p]));
                double expected = 1 / (1 + Math.exp(-(calibration.slopes()[p] * z + calibration.intercepts()[p])));
                assertThat((double) after[i][p]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void fittingRecoversTheDistortionOfAnOverconfidentScore() {
        // Labels follow p; the scores are sigmoid(2 logit(p) - 0.4), so the fit should find a = 0.5, c = 0.2.
        SplittableRandom random = new SplittableRandom(8);
        int n = 100_000;
        ScoreSummary scores = new ScoreSummary();
        for (int i = 0; i < n; i++) {
            double p = 0.05 + 0.9 * random.nextDouble();
            double z = Math.log(p / (1 - p));
            scores.add(1 / (1 + Math.exp(-(2 * z - 0.4))), random.nextDouble() < p, 1);
        }

        OutputCalibration fitted = OutputCalibration.fit(List.of(scores));

        assertThat(fitted.slopes()[0]).isCloseTo(0.5, within(0.02));
        assertThat(fitted.intercepts()[0]).isCloseTo(0.2, within(0.02));
    }

    @Test
    void aShiftBeforeTheCalibrationMovesOnlyTheIntercepts() {
        OutputCalibration calibration = new OutputCalibration(new double[] {0.5, 2.0}, new double[] {0.1, -0.3});

        OutputCalibration shifted = calibration.afterShift(Math.log(0.1));

        assertThat(shifted.slopes()).containsExactly(0.5, 2.0);
        assertThat(shifted.intercepts()[0]).isCloseTo(0.1 + 0.5 * Math.log(0.1), within(1e-12));
        assertThat(shifted.intercepts()[1]).isCloseTo(-0.3 + 2.0 * Math.log(0.1), within(1e-12));
    }
}
