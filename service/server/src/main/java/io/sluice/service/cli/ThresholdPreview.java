package io.sluice.service.cli;

import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import io.sluice.service.config.ModelConfig;
import io.sluice.service.store.LocalFolderSource;
import io.sluice.shaping.RecallTargetThresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code sluice serve --print-config} adds after the settings: the threshold each partner of the configured
 * model would be served with under them, read from the model's manifest alone (no network is loaded). A store's
 * current version is previewed when the store is a local folder; an S3 store's thresholds show once a version loads
 * (ModelAdmin GetCurrentModel).
 */
final class ThresholdPreview {

    private ThresholdPreview() {
    }

    /** Comment lines naming the model and each partner's threshold with its reason. */
    static String of(ModelConfig model) {
        if (model.s3Store().isPresent()) {
            return "# thresholds: model.location is an S3 store; they are picked when a version loads "
                    + "(ModelAdmin GetCurrentModel shows them)\n";
        }
        ModelManifest manifest;
        try {
            Optional<ArtifactFiles> files = artifactOf(model.location());
            if (files.isEmpty()) {
                return "# thresholds: the store at " + model.location() + " names no current version yet\n";
            }
            manifest = ModelArtifact.readManifest(files.get());
        } catch (ArtifactException | IOException | IllegalArgumentException e) {
            return "# thresholds: cannot read the model's manifest: " + e.getMessage() + "\n";
        }
        StringBuilder out = new StringBuilder("# thresholds model " + manifest.getVersion() + " (" + model.location()
                + ") is served with under these settings:\n");
        for (PartnerOutput partner : manifest.getPartnersList()) {
            out.append("#   ").append(partner.getPartnerId()).append(": ").append(RecallTargetThresholds.describe(
                    RecallTargetThresholds.choose(partner, model.serving().recallTarget()))).append('\n');
        }
        return out.toString();
    }

    private static Optional<ArtifactFiles> artifactOf(String location) throws IOException {
        if (ModelConfig.BUNDLED.equals(location)) {
            return Optional.of(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX));
        }
        Path folder = Path.of(location);
        if (!LocalFolderSource.isStore(folder)) {
            return Optional.of(ArtifactFiles.directory(folder));
        }
        return new LocalFolderSource(folder).currentVersion().map(version ->
                ArtifactFiles.directory(folder.resolve(version)));
    }
}
