package io.sluice.service.cli;

import io.sluice.BadInputException;
import io.sluice.model.ModelArtifact;
import io.sluice.service.ListenPorts;
import io.sluice.service.config.DecisionLogConfig;
import io.sluice.service.config.ModelConfig;
import io.sluice.service.config.SluiceConfig;
import io.sluice.service.store.LocalFolderSource;
import io.sluice.service.store.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code sluice serve} checks before it opens anything, so that an ordinary mistake is one line and an exit code
 * rather than a half-started server: the model folder, the decision log's folder and the ports. (A missing config file is one of the settings'
 * problems, reported by {@link io.sluice.service.config.Settings}.)
 */
final class ServeChecks {

    private ServeChecks() {
    }

    /**
     * The model location, when a local folder, is an artifact or a store; the decision log's folder, when the log is
     * on, is or can become a folder; and every configured port can be opened.
     *
     * @throws BadInputException                 naming model.location or decision-log.directory and the folder
     * @throws ListenPorts.UnavailableException naming every taken port and its setting
     */
    static void beforeStart(SluiceConfig config) throws ListenPorts.UnavailableException {
        modelLocation(config.model());
        decisionLogFolder(config.decisionLog());
        ListenPorts.requireAvailable(config);
    }

    private static void decisionLogFolder(DecisionLogConfig log) {
        if (!log.enabled()) {
            return;
        }
        Path folder = log.directory().toAbsolutePath();
        String named = "decision-log.directory " + folder;
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new BadInputException(named + " is a file; it must be a folder the server can write to, or create");
        }
        Path existing = folder;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new BadInputException(named + " cannot be created: " + existing + " is a file");
        }
        if (!Files.isWritable(existing)) {
            throw new BadInputException(named + (existing.equals(folder) ? ": permission denied"
                    : " cannot be created: " + existing + ": permission denied"));
        }
    }

    private static void modelLocation(ModelConfig model) {
        if (ModelConfig.BUNDLED.equals(model.location()) || model.s3Store().isPresent()) {
            return;
        }
        Path folder = Path.of(model.location());
        String named = "model.location " + folder.toAbsolutePath();
        if (!Files.exists(folder)) {
            throw new BadInputException(named + ": no such folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new BadInputException(named + " is a file; model.location takes a model artifact folder, a store "
                    + "folder, s3://bucket/prefix or bundled");
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new BadInputException(named + ": permission denied");
        }
        if (LocalFolderSource.isStore(folder)) {
            return;
        }
        Path manifest = folder.resolve(ModelArtifact.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            throw new BadInputException(named + " is not a model artifact (no " + ModelArtifact.MANIFEST_FILE
                    + ") nor a model store (no " + ModelSource.CURRENT + " file)");
        }
        if (!Files.isReadable(manifest)) {
            throw new BadInputException(named + ": " + ModelArtifact.MANIFEST_FILE + ": permission denied");
        }
    }
}
