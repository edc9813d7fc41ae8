package io.sluice.simulation;

import io.sluice.api.v1.TrainingData;
import io.sluice.model.ModelArtifact;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.Trainer;
import io.sluice.training.TrainingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;

/** Retrains the model on every round's rows so far, as the production loop does before each deployment. */
final class RoundTrainer {

    private final TrainingConfig config;
    private final LongFunction<ProgressBar> progress;

    RoundTrainer(TrainingConfig config, LongFunction<ProgressBar> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Trains on the rows of {@code rounds}, oldest first, and writes the artifact to {@code out}. */
    ModelArtifact train(List<Path> rounds, Path out, String version) throws IOException {
        Path data = out.resolveSibling(out.getFileName() + "-rows.binpb");
        try {
            concatenate(rounds, data);
            LabeledDataset dataset = LabeledDataset.read(data, false, ProgressBar.hidden());
            Trainer.Result result = new Trainer(config, progress).train(dataset.table());
            TrainingData provenance = dataset.provenance().toBuilder()
                    .setDescription("sluice simulate: " + rounds.size() + " rounds, " + dataset.table().rows()
                            + " labelled requests")
                    .build();
            return ModelArtifact.write(out, result.manifest(version, provenance), result.network());
        } finally {
            Files.deleteIfExists(data);
        }
    }

    /** Length-delimited rows concatenate into one file of the same format. */
    private static void concatenate(List<Path> rounds, Path data) throws IOException {
        Files.createDirectories(data.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(data)) {
            for (Path round : rounds) {
                Files.copy(round, out);
            }
        }
    }
}
