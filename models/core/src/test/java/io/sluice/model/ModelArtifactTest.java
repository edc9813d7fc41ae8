package io.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.features.FeatureExtractor;
import com.google.protobuf.util.JsonFormat;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static final long LIMIT = 64L << 20;
    /** The reliability issue's bomb: configuration.json inflating to 1.5 GiB. */
    private static final long BOMB = 1536L << 20;
    private static final long SERVED_LIMIT = 256L << 20;

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

    /** Bytes allocated on the heap by the current thread so far. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The bundled model's manifest and coefficients, under a bomb: checksum right, inflation out of bounds. */
    private void writeBundledWithBomb(Path folder, long inflated, long declared) throws Exception {
        ModelArtifact bundled = ModelArtifact.read(ArtifactFiles.classpath("/bundled-model"), SERVED_LIMIT);
        byte[] coefficients;
        try (InputStream zip = ArtifactFiles.classpath("/bundled-model").open(ModelArtifact.NETWORK_FILE)) {
            coefficients = ZipBombs.entry(zip, "coefficients.bin");
        }
        byte[] bomb = ZipBombs.networkZip(inflated, declared, coefficients);
        Files.createDirectories(folder);
        Files.write(folder.resolve(ModelArtifact.NETWORK_FILE), bomb);
        Files.writeString(folder.resolve(ModelArtifact.MANIFEST_FILE), JsonFormat.printer().print(
                bundled.manifest().toBuilder().setNetworkSha256(ModelArtifact.sha256(bomb)).build()));
    }

    @Test
    void zipBombIsRefusedWithinASecondAllocatingLittle() throws Exception {
        writeBundledWithBomb(dir, BOMB, BOMB);
        assertThat(Files.size(dir.resolve(ModelArtifact.NETWORK_FILE))).isBetween(14L << 20, 17L << 20);

        long allocatedBefore = allocated();
        long start = System.nanoTime();
        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), SERVED_LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("configuration.json")
                .hasMessageContaining("inflates to more than");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long allocatedMiB = (allocated() - allocatedBefore) >> 20;

        assertThat(took).as("refusal took %s, allocating %d MiB", took, allocatedMiB)
                .isLessThan(Duration.ofSeconds(1));
        // The 15 MB file itself is read (and checksummed); what it inflates to is not kept.
        assertThat(allocatedMiB).as("MiB allocated while refusing").isLessThan(64);
    }

    @Test
    void entryDeclaringAHugeSizeIsRefusedBeforeAnythingIsAllocatedForIt() throws Exception {
        // The local header claims ~2 GiB; only 1 MiB follows. A reader trusting the header allocates 2 GiB at once.
        writeBundledWithBomb(dir, 1L << 20, Integer.MAX_VALUE - 64L);

        long allocatedBefore = allocated();
        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), SERVED_LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("configuration.json");
        assertThat((allocated() - allocatedBefore) >> 20).as("MiB allocated while refusing").isLessThan(64);
    }

    @Test
    void fifoInPlaceOfTheNetworkFileIsRefusedWithoutHanging() throws Exception {
        ModelArtifact.write(dir, manifest("a"), network(1));
        Path file = dir.resolve(ModelArtifact.NETWORK_FILE);
        Files.delete(file);
        assumeTrue(new ProcessBuilder("mkfifo", file.toString()).start().waitFor() == 0, "mkfifo is available");

        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(dir), LIMIT))
                        .isInstanceOf(ArtifactException.class)
                        .hasMessageContaining("not a regular file"));
    }

    @Test
    void symlinkLeavingTheArtifactFolderIsRefusedWhileOneInsideIsFollowed() throws Exception {
        Path outside = dir.resolve("outside");
        ModelArtifact written = ModelArtifact.write(outside, manifest("a"), network(1));
        Path artifact = Files.createDirectories(dir.resolve("artifact"));
        Files.copy(outside.resolve(ModelArtifact.MANIFEST_FILE), artifact.resolve(ModelArtifact.MANIFEST_FILE));
        Files.createSymbolicLink(artifact.resolve(ModelArtifact.NETWORK_FILE),
                Path.of("..", "outside", ModelArtifact.NETWORK_FILE));

        assertThatThrownBy(() -> ModelArtifact.read(ArtifactFiles.directory(artifact), LIMIT))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining("outside the artifact folder");

        Files.delete(artifact.resolve(ModelArtifact.NETWORK_FILE));
        Files.copy(outside.resolve(ModelArtifact.NETWORK_FILE), artifact.resolve("network-1.zip"));
        Files.createSymbolicLink(artifact.resolve(ModelArtifact.NETWORK_FILE), Path.of("network-1.zip"));
        assertThat(ModelArtifact.read(ArtifactFiles.directory(artifact), LIMIT).manifest())
                .isEqualTo(written.manifest());
    }
}
