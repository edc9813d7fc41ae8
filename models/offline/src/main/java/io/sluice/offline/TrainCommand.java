package io.sluice.offline;

import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.TrainingData;
import io.sluice.model.ModelArtifact;
import io.sluice.training.LabelWeighting;
import io.sluice.training.LabeledSource;
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
        description = "Train the bid-likelihood MLP on labelled data (JSON Lines, length-delimited protobuf, or a "
                + "shard folder with shards.json) and write a model artifact folder (network.zip + manifest.json "
                + "with feature spec, data hash, metrics, sha256). Memory does not grow with the rows: features "
                + "are cached on disk beside --out while training.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "Training data: a .jsonl or .binpb file, or a shard folder (each shard's sha256 and rows "
                    + "are checked against its shards.json).")
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

    @Option(names = "--weighting", defaultValue = "none", paramLabel = "none|inverse-propensity",
            description = "Weight of a labelled entry: none (1), or inverse-propensity (1 / exploration_probability "
                    + "for exploration sends, 1 otherwise) (default: ${DEFAULT-VALUE}).")
    String weighting;

    @Option(names = "--max-weight", paramLabel = "W", description = "Cap on an entry's inverse-propensity weight "
            + "(less variance when exploration probabilities are tiny; default: no cap).")
    Double maxWeight;

    @Option(names = "--negative-rate", defaultValue = "1", paramLabel = "RATE",
            description = "Keep this share of non-bid training entries each epoch (negative down-sampling, in (0, 1]); "
                    + "calibration undoes the shift it causes (default: ${DEFAULT-VALUE}).")
    double negativeRate;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where to keep the extracted features while "
            + "training (deleted afterwards; about 0.25 KB a row; default: <out>.feature-cache).")
    Path cacheDir;

    @Spec
    CommandSpec spec;

    @Option(names = "--description", description = "Training data description for the manifest.")
    String description;

    @Override
    public Integer call() throws Exception {
        TrainingConfig config = TrainingConfig.defaults(seed)
                .withWeighting(new LabelWeighting(LabelWeighting.Scheme.parse(weighting),
                        maxWeight == null ? Double.POSITIVE_INFINITY : maxWeight))
                .withNegativeRate(negativeRate);
        if (hidden != null) {
            config = config.withHidden(hidden);
        }
        if (epochs != null) {
            config = config.withMaxEpochs(epochs);
        }
        long startNanos = System.nanoTime();
        LabeledSource source = LabeledSource.of(data);
        Path cache = cacheDir != null ? cacheDir
                : out.toAbsolutePath().resolveSibling(out.getFileName() + ".feature-cache");
        Trainer.Result result;
        TrainingData provenance;
        try (LabeledSource.Rows rows = source.open(skipBadRows, ProgressBar.onStderr("read", ProgressBar.Unit.BYTES))) {
            result = new Trainer(config, ProgressBar.onStderr("train", ProgressBar.Unit.ROWS))
                    .train(rows, source.declaredPartners(), cache);
            provenance = source.provenance(rows);
        }
        if (description != null) {
            provenance = provenance.toBuilder().setDescription(description).build();
        }
        ModelArtifact artifact = ModelArtifact.write(out, result.manifest(version, provenance), result.network());
        result.validationWarning().ifPresent(spec.commandLine().getErr()::println);
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
            stdout.printf("partner %-6s test AUC %.4f  log loss %.4f  ECE %.4f  positive rate %.3f  rows %,d%n",
                    m.getPartnerId(), m.getAuc(), m.getLogLoss(), m.getEce(), m.getPositiveRate(), m.getRows());
        }
        stdout.printf("wrote %s (model %s, network sha256 %s); read + train + evaluate took %.0f s%n", out,
                artifact.version(), artifact.manifest().getNetworkSha256(), seconds);
    }
}
