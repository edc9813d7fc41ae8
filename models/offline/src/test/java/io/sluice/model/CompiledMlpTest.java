package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.features.RequestTime;
import io.sluice.training.SyntheticTraffic;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CompiledMlpTest {

    private static final int ROWS = 10_000;
    private static final int PARTNERS = 9;
    /** DL4J scores rows densely: 250 rows of the bundled spec's ~112K columns are about 110 MB. */
    private static final int CHUNK = 250;
    /**
     * Input width of the random test networks. The equivalence does not depend on it, and a dense DL4J reference
     * over the full spec width would mostly multiply zeros; the bundled-model tests cover the full width.
     */
    private static final int RANDOM_NETWORK_INPUTS = 4096;

    /** Random multi-hot rows shaped like real ones: one column per single-valued field plus a few segments. */
    private static FeatureVector[] randomRows(long seed, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        FeatureVector[] rows = new FeatureVector[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = FeatureVector.forCurrentSpec();
            int active = 10 + random.nextInt(20);
            for (int k = 0; k < active; k++) {
                rows[i].add(random.nextInt(width));
            }
        }
        return rows;
    }

    /** Rows as the server sees them: synthetic traffic through the serving feature extractor. */
    private static FeatureVector[] generatedRows(long seed) {
        Iterator<LabeledBidRequest> traffic = new SyntheticTraffic(SyntheticTraffic.Config.defaults(seed)).rows(ROWS);
        FeatureVector[] rows = new FeatureVector[ROWS];
        for (int i = 0; i < ROWS; i++) {
            LabeledBidRequest row = traffic.next();
            Instant arrival = Instant.ofEpochSecond(row.getArrivalTime().getSeconds(), row.getArrivalTime().getNanos());
            rows[i] = FeatureVector.forCurrentSpec();
            FeatureExtractor.extract(row.getRequest(),
                    RequestTime.at(arrival, row.getRequest().getDevice().getGeo().getUtcoffset()), rows[i]);
        }
        return rows;
    }

    private static MultiLayerNetwork bundledNetwork() throws ArtifactException {
        return ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), 256L << 20).network();
    }

    /** Largest |compiled - DL4J| over every output of every row; DL4J scores the rows in batches. */
    private static double maxAbsDifference(MultiLayerNetwork network, FeatureVector[] rows) {
        CompiledMlp compiled = CompiledMlp.of(network);
        Dl4jPredictor reference = new Dl4jPredictor(network, 1);
        double maxDiff = 0;
        float[] fast = new float[compiled.outputs()];
        for (int start = 0; start < rows.length; start += CHUNK) {
            FeatureVector[] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + CHUNK));
            float[][] expected = reference.predictBatch(batch);
            for (int i = 0; i < batch.length; i++) {
                compiled.predict(batch[i], fast);
                for (int p = 0; p < fast.length; p++) {
                    maxDiff = Math.max(maxDiff, Math.abs(fast[p] - expected[i][p]));
                }
            }
        }
        return maxDiff;
    }

    @Test
    void compiledForwardPassMatchesDl4jWithin1e5OnTenThousandRandomRows() {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(RANDOM_NETWORK_INPUTS, List.of(64, 32),
                PARTNERS, 1e-3, 0, 7);
        // Random init leaves outputs near 0.5; scale the weights up so the check also covers saturated sigmoids.
        network.setParams(network.params().mul(4));

        assertThat(maxAbsDifference(network, randomRows(11, RANDOM_NETWORK_INPUTS))).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void bundledModelCompiledMatchesDl4jWithin1e5OnTenThousandGeneratedRequests() throws ArtifactException {
        assertThat(maxAbsDifference(bundledNetwork(), generatedRows(2026))).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void bundledModelCompiledMatchesDl4jWithin1e5OnTenThousandRandomRows() throws ArtifactException {
        assertThat(maxAbsDifference(bundledNetwork(), randomRows(23, FeatureExtractor.DIMENSION)))
                .isLessThanOrEqualTo(1e-5);
    }

    @Test
    void dl4jSingleRowPathAgreesWithItsBatchPath() {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(RANDOM_NETWORK_INPUTS, List.of(16),
                PARTNERS, 1e-3, 0, 3);
        Dl4jPredictor reference = new Dl4jPredictor(network, 2);
        FeatureVector[] rows = Arrays.copyOf(randomRows(5, RANDOM_NETWORK_INPUTS), 50);
        float[][] batch = reference.predictBatch(rows);
        float[] single = new float[PARTNERS];
        for (int i = 0; i < rows.length; i++) {
            reference.predict(rows[i], single);
            assertThat(single).containsExactly(batch[i], Offset.offset(1e-6f));
        }
    }

    /** A capped, thresholded or leaky ReLU is not the plain ReLU the compiled pass computes: refused, not misread. */
    @ParameterizedTest
    @ValueSource(strings = {"capped", "thresholded", "leaky"})
    void parameterisedReluIsRefusedNotCompiledAsPlainRelu(String variant) {
        ActivationReLU relu = switch (variant) {
            case "capped" -> new ActivationReLU(6.0, null, null);
            case "thresholded" -> new ActivationReLU(null, 0.5, null);
            default -> new ActivationReLU(null, null, 0.1);
        };
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(RANDOM_NETWORK_INPUTS).nOut(4).activation(relu).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(4).nOut(PARTNERS)
                        .activation(Activation.SIGMOID).build())
                .build());
        network.init();

        assertThatThrownBy(() -> CompiledMlp.of(network))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 activation")
                .hasMessageContaining("not supported by the compiled path");
    }
}
