package io.sluice.offline;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.TrainingData;
import io.sluice.features.FeatureExtractor;
import io.sluice.model.ModelArtifact;
import io.sluice.training.FeatureTable;
import io.sluice.training.LabeledDataFormat;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.Trainer;
import io.sluice.training.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        String dataSha256 = dataset.sha256();
        long skipped = dataset.skippedRows();
        System.err.printf("read %,d rows from %s (%,d skipped), %d partners in %.0f s%n", table.rows(), data, skipped,
                table.partners().size(), (System.nanoTime() - startNanos) / 1e9);
        Trainer.Result result = new Trainer(config, ProgressBar.onStderr("train", ProgressBar.Unit.ROWS))
                .train(table);
        ModelManifest manifest = ModelManifest.newBuilder()
                .setName("bid-likelihood")
                .setVersion(version)
                .setCreatedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                .setFeatureSpec(FeatureExtractor.spec())
                .addAllPartners(result.partners())
                .setTrainingData(TrainingData.newBuilder()
                        .setDescription(description != null ? description
                                : LabeledDataFormat.of(data).description() + " of LabeledBidRequest"
                                        + (skipped > 0 ? ", " + skipped + " bad rows skipped" : ""))
                        .setSource(data.getFileName().toString())
                        .setSha256(dataSha256)
                        .setTrainRows(result.split().trainRows())
                        .setValidationRows(result.split().validationRows())
                        .setTestRows(result.split().testRows())
                        .setSplit("by arrival time: oldest " + pct(config.trainFraction()) + " train, next "
                                + pct(config.validationFraction()) + " validation, newest rest test")
                        .setSeed(seed))
                .putAllHyperparameters(hyperparameters(config, result))
                .addAllMetrics(result.testMetrics())
                .setFramework("deeplearning4j 1.0.0-M2.1")
                .addAllLayerSizes(layerSizes(result.network()))
                .build();
        ModelArtifact artifact = ModelArtifact.write(out, manifest, result.network());
        for (PartnerMetrics m : artifact.manifest().getMetricsList()) {
            System.err.printf("partner %-6s test AUC %.4f  log loss %.4f  ECE %.4f  positive rate %.3f%n",
                    m.getPartnerId(), m.getAuc(), m.getLogLoss(), m.getEce(), m.getPositiveRate());
        }
        System.err.printf("wrote %s (network sha256 %s); read + train + evaluate took %.0f s%n", out,
                artifact.manifest().getNetworkSha256(), (System.nanoTime() - startNanos) / 1e9);
        return 0;
    }

    private static Map<String, String> hyperparameters(TrainingConfig c, Trainer.Result result) {
        Map<String, String> values = new TreeMap<>();
        values.put("hidden", c.hidden().toString());
        values.put("max_epochs", Integer.toString(c.maxEpochs()));
        values.put("epochs_run", Integer.toString(result.epochsRun()));
        values.put("best_epoch", Integer.toString(result.bestEpoch()));
        values.put("patience", Integer.toString(c.patience()));
        values.put("batch_size", Integer.toString(c.batchSize()));
        values.put("learning_rate", Double.toString(c.learningRate()));
        values.put("embedding_learning_rate", Double.toString(c.embeddingLearningRate()));
        values.put("learning_rate_decay_per_epoch", Double.toString(c.learningRateDecay()));
        values.put("l2", Double.toString(c.l2()));
        values.put("optimizer", "first layer: AdaGrad on an embedding bag (active columns only); above: Adam");
        values.put("loss", "binary cross-entropy per partner (sigmoid outputs)");
        values.put("calibration", "per-partner Platt scaling on the validation split, folded into the output layer");
        values.put("bid_keep_rate", Double.toString(c.bidKeepRate()));
        return values;
    }

    private static List<Integer> layerSizes(MultiLayerNetwork network) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add((int) network.layerInputSize(0));
        for (int i = 0; i < network.getnLayers(); i++) {
            sizes.add((int) network.layerSize(i));
        }
        return sizes;
    }

    private static String pct(double fraction) {
        return Math.round(100 * fraction) + "%";
    }
}
