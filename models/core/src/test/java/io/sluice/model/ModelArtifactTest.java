package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.features.FeatureExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static final long LIMIT = 64L << 20;

    @TempDir
    Path dir;

    private static ModelManifest manifest(String... partners) {
        ModelManifest.Builder manifest = ModelManifest.newBuilder().setName("bid-likelihood").setVersion("test-1")
                .setFeatureSpec(FeatureExtractor.spec());
        for (String partner : partners) {
            manifest.addPartners(PartnerOutput.newBuilder().setPartnerId(partner).setDefaultThreshold(0.2));
        }
        return manifest.build();
    }

    private static MultiLayerNetwork network(int partners) {
        return BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, List.of(8), partners, 1e-3, 0, 1);
    }

    @Test
    void writtenArtifactReadsBackWithItsChecksumAndSameWeights() throws Exception {
        MultiLayerNetwork network = network(2);
        ModelArtifact written = ModelArtifact.write(dir, manifest("a", "b"), network);

        ModelArtifact read = ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT);

        assertThat(read.manifest()).isEqualTo(written.manifest());
        assertThat(read.manifest().getNetworkSha256())
                .isEqualTo(ModelArtifact.sha256(Files.readAllBytes(dir.resolve(ModelArtifact.NETWORK_FILE))));
        assertThat(read.network().params()).isEqualTo(network.params());
    }

    @Test
    void corruptedNetworkFileIsRefusedNamingTheChecksum() throws Exception {
        ModelArtifact.write(dir, manifest("a"), network(1));
        Path file = dir.resolve(ModelArtifact.NETWORK_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is corrupt: sha256 is");
    }

    @Test
    void artifactForAnotherFeatureSpecIsRefused() throws Exception {
        ModelManifest future = manifest("a").toBuilder()
                .setFeatureSpec(FeatureExtractor.spec().toBuilder().setVersion(FeatureExtractor.SPEC_VERSION + 1))
                .build();
        ModelArtifact.write(dir, future, network(1));

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("feature spec sluice-hashed/v" + (FeatureExtractor.SPEC_VERSION + 1))
                .hasMessageContaining("is not implemented by this server");
    }

    @Test
    void networkWhoseOutputsDoNotMatchThePartnerListIsRefused() throws Exception {
        ModelArtifact.write(dir, manifest("a", "b", "c"), network(2));

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("does not match the manifest");
    }

    @Test
    void networkLargerThanTheLimitIsRefusedBeforeBeingParsed() throws Exception {
        ModelArtifact.write(dir, manifest("a"), network(1));

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), 1024))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("larger than the limit of 1024 bytes");
    }

    @Test
    void manifestThatIsNotJsonIsRefused() throws Exception {
        ModelArtifact.write(dir, manifest("a"), network(1));
        Files.writeString(dir.resolve(ModelArtifact.MANIFEST_FILE), "{ not json");

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("is not a valid manifest");
    }

    @Test
    void bundledModelWrittenBeforeTheEnvironmentWasRecordedStillLoadsAndMatchesItsChecksum() throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), LIMIT);

        assertThat(bundled.manifest().getFeatureSpec()).isEqualTo(FeatureExtractor.spec());
        assertThat(bundled.manifest().getPartnersCount()).isEqualTo(9);
        assertThat(bundled.manifest().getMetricsList()).isNotEmpty();
        assertThat(bundled.manifest().getTrainingData().getSha256()).hasSize(64);
        assertThat(bundled.manifest().getNetworkSha256()).hasSize(64);
        assertThat(bundled.manifest().hasTrainedWith()).isFalse();
    }
}
