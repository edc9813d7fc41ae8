package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.features.FeatureExtractor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class Dl4jNetworkFileTest {

    private static final long LIMIT = 256L << 20;

    @TempDir
    Path dir;

    private static ModelManifest manifest(int partners) {
        ModelManifest.Builder manifest = ModelManifest.newBuilder().setName("bid-likelihood").setVersion("tiny-1")
                .setFeatureSpec(FeatureExtractor.spec());
        for (int i = 0; i < partners; i++) {
            manifest.addPartners(PartnerOutput.newBuilder().setPartnerId("p" + i).setDefaultThreshold(0.2));
        }
        return manifest.build();
    }

    /** The layers read without DL4J next to DL4J's own restore of the same checked file, as plain arrays. */
    private static void assertReadsBitIdenticalToDl4j(CheckedArtifact checked) throws ArtifactException {
        List<DenseLayerWeights> plain = Dl4jNetworkFile.read(checked);
        List<DenseLayerWeights> dl4j = Dl4jLayers.of(ModelArtifact.restore(checked).network());

        assertThat(plain).hasSameSizeAs(dl4j).isNotEmpty();
        for (int i = 0; i < plain.size(); i++) {
            assertThat(plain.get(i).inputs()).isEqualTo(dl4j.get(i).inputs());
            assertThat(plain.get(i).outputs()).isEqualTo(dl4j.get(i).outputs());
            assertThat(plain.get(i).activation()).isEqualTo(dl4j.get(i).activation());
            // Bit for bit, in the same row-major order (Arrays.mismatch compares float bits; -1 is no difference).
            assertThat(Arrays.mismatch(plain.get(i).weights(), dl4j.get(i).weights()))
                    .as("first differing weight of layer %d", i).isEqualTo(-1);
            assertThat(Arrays.mismatch(plain.get(i).bias(), dl4j.get(i).bias()))
                    .as("first differing bias of layer %d", i).isEqualTo(-1);
        }
    }

    @Test
    void bundledModelReadsBitIdenticalToDl4jsRestore() throws Exception {
        assertReadsBitIdenticalToDl4j(CheckedArtifact.read(ArtifactFiles.classpath("/bundled-model"), LIMIT));
    }

    @Test
    void freshlyTrainedTinyModelReadsBitIdenticalToDl4jsRestore() throws Exception {
        MultiLayerNetwork network = BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, List.of(8, 4), 3, 1e-2, 0,
                7);
        Random random = new Random(7);
        INDArray features = Nd4j.zeros(DataType.FLOAT, 16, FeatureExtractor.DIMENSION);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 3);
        for (int row = 0; row < 16; row++) {
            for (int k = 0; k < 10; k++) {
                features.putScalar(row, random.nextInt(FeatureExtractor.DIMENSION), 1f);
            }
            labels.putScalar(row, random.nextInt(3), 1f);
        }
        for (int step = 0; step < 5; step++) {
            network.fit(features, labels);
        }
        ModelArtifact.write(dir, manifest(3), network);

        assertReadsBitIdenticalToDl4j(CheckedArtifact.read(ArtifactFiles.directory(dir), LIMIT));
    }

    @Test
    void networkWithAnActivationTheCompiledPassLacksIsRefusedNamingIt() throws Exception {
        MultiLayerNetwork softmax = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(FeatureExtractor.DIMENSION).nOut(4)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        softmax.init();
        ModelArtifact.write(dir, manifest(2), softmax);
        CheckedArtifact checked = CheckedArtifact.read(ArtifactFiles.directory(dir), LIMIT);

        assertThatThrownBy(() -> Dl4jNetworkFile.read(checked))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is not a network the compiled path can read")
                .hasMessageContaining("layer 1 activation")
                .hasMessageContaining("ActivationSoftmax");
    }
}
