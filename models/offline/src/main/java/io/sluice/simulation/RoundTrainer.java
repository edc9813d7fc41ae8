package io.sluice.simulation;

import io.sluice.api.v1.TrainingData;
import io.sluice.model.ModelArtifact;
import io.sluice.training.LabeledSource;
import io.sluice.training.ProgressBar;
import io.sluice.training.Trainer;
import io.sluice.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * Retrains the model on a shard folder holding every round so far, as the production loop does before each
 * deployment: the same source, verification and trainer as {@code sluice train --data FOLDER}.
 */
final class RoundTrainer {

    private final LongFunction<ProgressBar> progress;

    RoundTrainer(LongFunction<ProgressBar> progress) {
        this.progress = progress;
    }

    /** Trains with {@code config} on the rows of {@code shards} and writes the artifact to {@code out}. */
    ModelArtifact train(TrainingConfig config, Path shards, Path out, String version) throws IOException {
        LabeledSource source = LabeledSource.of(shards);
        Trainer.Result result;
        TrainingData provenance;
        try (LabeledSource.Rows rows = source.open(false, ProgressBar.hidden())) {
            result = new Trainer(config, progress).train(rows, source.declaredPartners(),
                    out.resolveSibling(out.getFileName() + ".feature-cache"));
            provenance = source.provenance(rows);
        }
        return ModelArtifact.write(out, result.manifest(version, provenance), result.network());
    }
}
