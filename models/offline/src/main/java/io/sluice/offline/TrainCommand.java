package io.sluice.offline;

import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.TrainingData;
import io.sluice.model.ModelArtifact;
import io.sluice.training.FeatureTable;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.Trainer;
import io.sluice.training.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice train}: features, DL4J training, held-out evaluation, and a self-describing artifact. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the bid-likelihood MLP on labelled data (JSON Lines or length-delimited protobuf) and "
                + "write a model artifact folder (network.zip + manifest.json with feature spec, data hash, "
                + "metrics, sha256).")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (.jsonl or .binpb).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Artifact folder to write.")
    Path out;

    @Option(names = "--model-version", required = true, description = "Version label stored in the manifest.")
    String version;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for init and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", description = "Maximum epochs (default: from the standard settings).")
    Integer epochs;

    @Option(names = "--hidden", split = ",", description = "Hidden layer widths, e.g. 64,32.")
    List<Integer> hidden;

    @Option(names = "--skip-bad-rows", description = "Skip (and count) rows that do not parse instead of failing.")
    boolean skipBadRows;

    @Spec
    CommandSpec spec;

    @Option(names = "--description", description = "Training data description for the manifest.")
    String description;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = TrainingConfig.defaults(seed);
        if (hidden != null) {
            config = config.withHidden(hidden);
        }
        if (epochs != null) {
            config = config.withMaxEpochs(epochs);
        }
        long startNanos = System.nanoTime();
        LabeledDataset dataset =
                LabeledDataset.read(data, skipBadRows, ProgressBar.onStderr("read", ProgressBar.Unit.BYTES));
        FeatureTable table = dataset.table();
        System.err.printf("read %,d rows from %s (%,d skipped), %d partners in %.0f s%n", table.rows(), data,
                dataset.skippedRows(), table.partners().size(), (System.nanoTime() - startNanos) / 1e9);
        Trainer.Result result = new Trainer(config, ProgressBar.onStderr("train", ProgressBar.Unit.ROWS))
                .train(table);
        TrainingData provenance = dataset.provenance();
        if (description != null) {
            provenance = provenance.toBuilder().setDescription(description).build();
        }
        ModelArtifact artifact = ModelArtifact.write(out, result.manifest(version, provenance), result.network());
        printSummary(result, artifact, (System.nanoTime() - startNanos) / 1e9);
        return 0;
    }

    /** The run's results on stdout (progress went to stderr), so they can be captured on their own. */
    private void printSummary(Trainer.Result result, ModelArtifact artifact, double seconds) {
        PrintWriter stdout = spec.commandLine().getOut();
        if (result.stoppedEarly()) {
            stdout.printf("stopped early after epoch %d of %d: validation loss did not improve for %d epoch(s); "
                    + "kept epoch %d%n", result.epochsRun(), result.config().maxEpochs(), result.config().patience(),
                    result.bestEpoch());
        } else {
            stdout.printf("trained all %d epochs; kept epoch %d (lowest validation loss)%n", result.epochsRun(),
                    result.bestEpoch());
        }
        for (PartnerMetrics m : artifact.manifest().getMetricsList()) {
            stdout.printf("partner %-6s test AUC %.4f  log loss %.4f  ECE %.4f  positive rate %.3f%n",
                    m.getPartnerId(), m.getAuc(), m.getLogLoss(), m.getEce(), m.getPositiveRate());
        }
        stdout.printf("wrote %s (model %s, network sha256 %s); read + train + evaluate took %.0f s%n", out,
                artifact.version(), artifact.manifest().getNetworkSha256(), seconds);
    }
}
