package io.sluice.scoring;

import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.ServingThreshold;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.CheckedArtifact;
import io.sluice.model.CompiledMlp;
import io.sluice.model.DenseLayerWeights;
import io.sluice.model.Dl4jNetworkFile;
import io.sluice.model.Dl4jPredictor;
import io.sluice.model.ModelArtifact;
import io.sluice.model.Predictor;
import io.sluice.model.ReferenceProbes;
import io.sluice.shaping.RecallTargetThresholds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, verifies, prepares and warms up model artifacts. */
public final class ModelLoader {

    /** Classpath folder of the model shipped in the jar. */
    public static final String BUNDLED_PREFIX = "/bundled-model";

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    /** JavaCPP's setting for where ND4J's native libraries are unpacked; by default ~/.javacpp/cache. */
    private static final String JAVACPP_CACHE_DIR = "org.bytedeco.javacpp.cachedir";
    private static final AtomicBoolean NATIVE_LIBRARIES_ANNOUNCED = new AtomicBoolean();

    private ModelLoader() {
    }

    /** The bundled model. */
    public static ServingModel bundled(ServingOptions options) throws ArtifactException {
        return load(ArtifactFiles.classpath(BUNDLED_PREFIX), options);
    }

    /** Reads and verifies the artifact in {@code files}, then builds the configured predictor and warms it up. */
    public static ServingModel load(ArtifactFiles files, ServingOptions options) throws ArtifactException {
        LOG.info("loading model {} ({} inference)", files.location(), options.inference());
        CheckedArtifact artifact = CheckedArtifact.read(files, options.maxArtifactBytes());
        Predictor predictor;
        try {
            predictor = switch (options.inference()) {
                case COMPILED -> compiled(artifact);
                case DL4J -> new Dl4jPredictor(restore(artifact).network(), options.dl4jPoolSize());
            };
        } catch (IllegalArgumentException e) {
            throw new ArtifactException(files.location() + ": cannot serve with " + options.inference()
                    + " inference: " + e.getMessage(), e);
        }
        ServingModel model = ServingModel.of(artifact.manifest(), predictor, options.recallTarget());
        model.warmUp(options.warmupPasses());
        logThresholds(model);
        return model;
    }

    /**
     * The compiled forward pass, read without DL4J and checked against the outputs DL4J recorded in the manifest. An
     * artifact written before those were recorded is checked against DL4J itself, which loads ND4J (a slower start).
     */
    private static CompiledMlp compiled(CheckedArtifact artifact) throws ArtifactException {
        List<DenseLayerWeights> layers = Dl4jNetworkFile.read(artifact);
        List<Long> sizes = new ArrayList<>();
        sizes.add((long) layers.get(0).inputs());
        layers.forEach(layer -> sizes.add((long) layer.outputs()));
        artifact.requireLayerSizes(sizes);
        CompiledMlp compiled = CompiledMlp.of(layers);
        ModelManifest manifest = artifact.manifest();
        if (manifest.getProbesCount() == 0) {
            LOG.info("model {} records no reference outputs: checking its compiled forward pass against DL4J",
                    manifest.getVersion());
            manifest = manifest.toBuilder().addAllProbes(ReferenceProbes.record(
                    new Dl4jPredictor(restore(artifact).network(), 1), manifest.getFeatureSpec(),
                    manifest.getPartnersCount())).build();
        }
        ReferenceProbes.check(compiled, manifest, artifact.location());
        return compiled;
    }

    private static ModelArtifact restore(CheckedArtifact artifact) throws ArtifactException {
        announceNativeLibraries();
        return ModelArtifact.restore(artifact);
    }

    private static void logThresholds(ServingModel model) {
        List<ServingThreshold> thresholds = model.servingThresholds();
        if (thresholds.stream().anyMatch(RecallTargetThresholds::targetIgnored)) {
            LOG.warn("model {} has no threshold table (trained before tables were recorded): shaping.target-recall "
                    + "cannot apply, and its partners keep the model's default thresholds", model.version());
        }
        for (int i = 0; i < thresholds.size(); i++) {
            LOG.info("model {} partner {}: threshold {}", model.version(), model.partnerIds().get(i),
                    RecallTargetThresholds.describe(thresholds.get(i)));
        }
    }

    /**
     * Reading a network with DL4J touches ND4J, which loads its native libraries; on a machine's first start it also
     * unpacks them (about 300 MB), which takes seconds with nothing else in the log. Says so once per process.
     */
    private static void announceNativeLibraries() {
        if (NATIVE_LIBRARIES_ANNOUNCED.compareAndSet(false, true)) {
            String cache = System.getProperty(JAVACPP_CACHE_DIR,
                    Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
            LOG.info("loading ND4J native libraries (the first start unpacks them into {}; this takes a few seconds)",
                    cache);
        }
    }
}
