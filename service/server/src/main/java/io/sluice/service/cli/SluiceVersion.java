package io.sluice.service.cli;

import io.sluice.BuildInfo;
import io.sluice.api.v1.ModelManifest;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints on every command: Sluice's version and commit, the model the jar bundles (read from
 * its manifest only; the network is not loaded), and the model libraries' versions.
 */
public final class SluiceVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {
            "sluice " + build.version() + " (git commit " + build.gitCommit() + ")",
            "bundled model: " + bundledModel(),
            "libraries: " + new TreeMap<>(build.libraries()).entrySet().stream()
                    .map(library -> library.getKey() + " " + library.getValue())
                    .collect(Collectors.joining(", ")) + "; Java " + Runtime.version(),
        };
    }

    private static String bundledModel() {
        try {
            ModelManifest manifest = ModelArtifact.readManifest(ArtifactFiles.classpath(ModelLoader.BUNDLED_PREFIX));
            return manifest.getName() + " " + manifest.getVersion() + " (feature spec "
                    + manifest.getFeatureSpec().getName() + "/v" + manifest.getFeatureSpec().getVersion() + ", "
                    + manifest.getPartnersCount() + " partners)";
        } catch (ArtifactException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
