package io.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.ProbeOutput;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.BidLikelihoodNetwork;
import io.sluice.model.ModelArtifact;
import io.sluice.model.ReferenceProbes;
import io.sluice.scoring.ServingOptions.Inference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {

    private static final ServingOptions COMPILED = new ServingOptions(Inference.COMPILED, 1, 256L << 20, 1);

    @TempDir
    Path dir;

    private ModelManifest writeTinyModel() throws Exception {
        ModelManifest.Builder manifest = ModelManifest.newBuilder().setName("bid-likelihood").setVersion("tiny-1")
                .setFeatureSpec(FeatureExtractor.spec());
        for (String partner : List.of("a", "b", "c")) {
            manifest.addPartners(PartnerOutput.newBuilder().setPartnerId(partner).setDefaultThreshold(0.2));
        }
        return ModelArtifact.write(dir, manifest.build(),
                BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, List.of(8, 4), 3, 1e-3, 0, 3)).manifest();
    }

    private void writeManifest(ModelManifest manifest) throws Exception {
        Files.writeString(dir.resolve(ModelArtifact.MANIFEST_FILE), JsonFormat.printer().print(manifest));
    }

    @Test
    void compiledModelServesTheOutputsDl4jRecordedWhenItWasWritten() throws Exception {
        ModelManifest written = writeTinyModel();

        ServingModel model = ModelLoader.load(ArtifactFiles.directory(dir), COMPILED);

        assertThat(written.getProbesCount()).isPositive();
        for (ProbeOutput probe : written.getProbesList()) {
            FeatureVector features = new FeatureVector(probe.getActiveColumnsCount());
            probe.getActiveColumnsList().forEach(features::add);
            float[] out = new float[3];
            model.predictor().predict(features, out);
            for (int j = 0; j < out.length; j++) {
                assertThat(out[j]).isCloseTo(probe.getOutputs(j),
                        offset(ReferenceProbes.TOLERANCE));
            }
        }
    }

    @Test
    void tamperedProbeRecordIsRefused() throws Exception {
        ModelManifest written = writeTinyModel();
        ProbeOutput probe = written.getProbes(1);
        writeManifest(written.toBuilder().setProbes(1, probe.toBuilder().setOutputs(2, probe.getOutputs(2) + 0.01f))
                .build());

        assertThatThrownBy(() -> ModelLoader.load(ArtifactFiles.directory(dir), COMPILED))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("the compiled forward pass disagrees with the outputs recorded")
                .hasMessageContaining("probe 1 output 2 (c)");
    }

    @Test
    void tamperedWeightIsRefusedEvenUnderAMatchingChecksum() throws Exception {
        ModelManifest written = writeTinyModel();
        byte[] network = withLastParameterShifted(Files.readAllBytes(dir.resolve(ModelArtifact.NETWORK_FILE)));
        Files.write(dir.resolve(ModelArtifact.NETWORK_FILE), network);
        writeManifest(written.toBuilder().setNetworkSha256(ModelArtifact.sha256(network)).build());

        assertThatThrownBy(() -> ModelLoader.load(ArtifactFiles.directory(dir), COMPILED))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("the compiled forward pass disagrees with the outputs recorded")
                .hasMessageContaining("output 2 (c)");
    }

    @Test
    void modelWrittenBeforeProbesWereRecordedIsCheckedAgainstDl4jAndServes() throws Exception {
        writeManifest(writeTinyModel().toBuilder().clearProbes().build());

        assertThat(ModelLoader.load(ArtifactFiles.directory(dir), COMPILED).version()).isEqualTo("tiny-1");
    }

    @Test
    void bundledModelServesCompiledWithoutLoadingNd4jOrDl4j() throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                BundledCompiledLoad.class.getName())
                .redirectErrorStream(true).start();
        List<String> loaded = new ArrayList<>();
        String served = null;
        for (String line : java.inputReader().lines().toList()) {
            boolean framework = line.contains(" org.nd4j.") || line.contains(" org.deeplearning4j.");
            if (line.contains("[class,load]") && framework) {
                loaded.add(line);
            } else if (line.startsWith(BundledCompiledLoad.SERVING)) {
                served = line;
            }
        }
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(served).isEqualTo(BundledCompiledLoad.SERVING + "bundled-3");
        assertThat(loaded).as("ND4J and DL4J classes loaded").isEmpty();
    }

    /** The network zip with the last parameter (the last output's bias) increased by 0.5. */
    private static byte[] withLastParameterShifted(byte[] zip) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream rewritten = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals("coefficients.bin")) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    buffer.putFloat(bytes.length - Float.BYTES, buffer.getFloat(bytes.length - Float.BYTES) + 0.5f);
                }
                rewritten.putNextEntry(new ZipEntry(entry.getName()));
                rewritten.write(bytes);
                rewritten.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
