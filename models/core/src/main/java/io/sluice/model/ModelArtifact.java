package io.sluice.model;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.ModelManifest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A verified model: its manifest and the DL4J network the manifest describes.
 *
 * <p>On disk an artifact is a folder with {@value #MANIFEST_FILE} and the network file it names. Reading checks
 * what {@link CheckedArtifact} checks, then that the network's shape matches the spec and the partner list. The
 * compiled serving path reads the same files without DL4J ({@link Dl4jNetworkFile}).
 */
public record ModelArtifact(ModelManifest manifest, MultiLayerNetwork network) {

    public static final String MANIFEST_FILE = CheckedArtifact.MANIFEST_FILE;
    public static final String NETWORK_FILE = "network.zip";

    /**
     * Reads and verifies an artifact; {@code maxNetworkBytes} bounds memory spent on a hostile file: the network file,
     * and what it inflates to, which is checked before DL4J parses it.
     */
    public static ModelArtifact read(ArtifactFiles files, long maxNetworkBytes) throws ArtifactException {
        return restore(CheckedArtifact.read(files, maxNetworkBytes));
    }

    /** Parses a checked artifact's network with DL4J and checks its shape against the manifest. */
    public static ModelArtifact restore(CheckedArtifact artifact) throws ArtifactException {
        MultiLayerNetwork net;
        try {
            net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(artifact.networkZip()), false);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new ArtifactException(artifact.describeNetwork() + " is not a DL4J network: " + e, e);
        }
        List<Long> sizes = new ArrayList<>();
        sizes.add((long) net.layerInputSize(0));
        for (int i = 0; i < net.getnLayers(); i++) {
            sizes.add((long) net.layerSize(i));
        }
        artifact.requireLayerSizes(sizes);
        return new ModelArtifact(artifact.manifest(), net);
    }

    /** Reads only the manifest, without the network: enough to name a model without loading it. */
    public static ModelManifest readManifest(ArtifactFiles files) throws ArtifactException {
        return CheckedArtifact.readManifest(files);
    }

    /**
     * Writes {@code network} and its manifest into {@code dir}, filling in the network file name, its checksum and
     * the network's outputs for the {@link ReferenceProbes} a server checks its compiled pass against.
     */
    public static ModelArtifact write(Path dir, ModelManifest manifest, MultiLayerNetwork network) throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, false);
        Files.write(dir.resolve(NETWORK_FILE), bytes.toByteArray());
        ModelManifest complete = manifest.toBuilder()
                .setNetworkFile(NETWORK_FILE)
                .setNetworkSha256(sha256(bytes.toByteArray()))
                .clearProbes()
                .addAllProbes(ReferenceProbes.record(new Dl4jPredictor(network, 1), manifest.getFeatureSpec(),
                        network.layerSize(network.getnLayers() - 1)))
                .build();
        Files.writeString(dir.resolve(MANIFEST_FILE), JsonFormat.printer().print(complete) + "\n");
        return new ModelArtifact(complete, network);
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        return CheckedArtifact.sha256(bytes);
    }

    /** The manifest's version label. */
    public String version() {
        return manifest.getVersion();
    }
}
