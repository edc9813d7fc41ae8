package io.sluice.training;

import com.google.protobuf.util.Timestamps;
import io.sluice.BuildInfo;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.TrainingData;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.model.BidLikelihoodNetwork;
import io.sluice.model.CompiledMlp;
import io.sluice.model.Predictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the bid-likelihood MLP on a {@link FeatureTable}: time-ordered train/validation/test split, shuffled
 * mini-batches, the first layer as an {@link EmbeddingBag} (AdaGrad) under a DL4J head (Adam) fed with its
 * output, learning rates decayed per epoch, early stopping on validation log loss, per-partner calibration on the
 * validation split folded into the output layer, default thresholds and each partner's threshold table from the
 * validation split, and held-out metrics on the test split. The result is the plain dense DL4J network that
 * artifacts store.
 */
public final class Trainer {

    /** Embedding weights start as N(0, 0.05^2): small next to trained rows, enough to break symmetry. */
    private static final double EMBEDDING_INIT_SCALE = 0.05;
    private static final int SCORING_BATCH = 4096;
    private static final int CALIBRATION_BINS = 10;
    /** A validation loss must beat the best by this much to count as progress. */
    private static final double MIN_IMPROVEMENT = 1e-5;
    private static final String MODEL_NAME = "bid-likelihood";
    /** How this trainer fits a model, as the manifest's hyper-parameters describe it. */
    private static final Map<String, String> METHOD = Map.of(
            "optimizer", "first layer: AdaGrad on an embedding bag (active columns only); above: Adam",
            "loss", "binary cross-entropy per partner (sigmoid outputs)",
            "calibration", "per-partner Platt scaling on the validation split, folded into the output layer");

    private final TrainingConfig config;
    private final LongFunction<ProgressBar> progress;

    /** {@code progress} makes a progress bar for a pass over the given number of rows. */
    public Trainer(TrainingConfig config, LongFunction<ProgressBar> progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * What a run produced.
     *
     * @param network     the calibrated dense network
     * @param partners    partner outputs in network column order, with default thresholds
     * @param testMetrics per partner, then "*" pooled, on the test split
     * @param split       the rows of each split
     * @param epochsRun   epochs trained before stopping
     * @param bestEpoch   the epoch whose parameters were kept
     * @param calibration the fitted per-partner output calibration, already folded into {@code network}
     * @param config      the settings the run used
     */
    public record Result(MultiLayerNetwork network, List<PartnerOutput> partners, List<PartnerMetrics> testMetrics,
                         TimeSplit split, int epochsRun, int bestEpoch, OutputCalibration calibration,
                         TrainingConfig config) {

        /** Whether validation loss stopped improving before the epoch limit. */
        public boolean stoppedEarly() {
            return epochsRun < config.maxEpochs();
        }

        /**
         * The manifest of this run's model: {@code data} (source, description, checksum) completed with the split,
         * the settings and their outcome, the metrics, and the environment that trained it.
         */
        public ModelManifest manifest(String version, TrainingData data) {
            Map<String, String> hyperparameters = new TreeMap<>(TrainingProvenance.settings(config));
            hyperparameters.put("epochs_run", Integer.toString(epochsRun));
            hyperparameters.put("best_epoch", Integer.toString(bestEpoch));
            hyperparameters.putAll(METHOD);
            return ModelManifest.newBuilder()
                    .setName(MODEL_NAME)
                    .setVersion(version)
                    .setCreatedAt(Timestamps.fromMillis(System.currentTimeMillis()))
                    .setFeatureSpec(FeatureExtractor.spec())
                    .addAllPartners(partners)
                    .setTrainingData(data.toBuilder()
                            .setTrainRows(split.trainRows())
                            .setValidationRows(split.validationRows())
                            .setTestRows(split.testRows())
                            .setSplit("by arrival time: oldest " + percent(config.trainFraction()) + " train, next "
                                    + percent(config.validationFraction()) + " validation, newest rest test")
                            .setSeed(config.seed()))
                    .putAllHyperparameters(hyperparameters)
                    .addAllMetrics(testMetrics)
                    .setFramework("deeplearning4j " + BuildInfo.current().libraries().get("deeplearning4j"))
                    .addAllLayerSizes(layerSizes(network))
                    .setTrainedWith(TrainingProvenance.environment())
                    .build();
        }

        private static List<Integer> layerSizes(MultiLayerNetwork network) {
            List<Integer> sizes = new ArrayList<>();
            sizes.add((int) network.layerInputSize(0));
            for (int i = 0; i < network.getnLayers(); i++) {
                sizes.add((int) network.layerSize(i));
            }
            return sizes;
        }

        private static String percent(double fraction) {
            return Math.round(100 * fraction) + "%";
        }
    }

    public Result train(FeatureTable table) {
        TimeSplit split = TimeSplit.of(table.rows(), config.trainFraction(), config.validationFraction());
        Nd4j.getRandom().setSeed(config.seed());
        List<String> partners = table.partners();
        EmbeddingBag first = new EmbeddingBag(FeatureExtractor.DIMENSION, config.hidden().get(0),
                EMBEDDING_INIT_SCALE, config.seed());
        MultiLayerNetwork head = BidLikelihoodNetwork.head(config.hidden(), partners.size(), config.learningRate(),
                config.l2(), config.seed());

        int[] order = new int[split.trainRows()];
        Arrays.setAll(order, i -> i);
        Random shuffle = new Random(config.seed());
        double bestLoss = Double.POSITIVE_INFINITY;
        EmbeddingBag.Parameters bestFirst = first.parameters();
        INDArray bestHead = head.params().dup();
        int bestEpoch = 0;
        int epoch = 0;
        while (epoch < config.maxEpochs() && epoch - bestEpoch < config.patience()) {
            double decay = Math.pow(config.learningRateDecay(), epoch);
            epoch++;
            head.setLearningRate(config.learningRate() * decay);
            shuffleInPlace(order, shuffle);
            ProgressBar bar = progress.apply(split.trainRows());
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.length; start += config.batchSize()) {
                int end = Math.min(start + config.batchSize(), order.length);
                lossSum += step(table, order, start, end, first, head, config.embeddingLearningRate() * decay);
                batches++;
                bar.update(end, String.format("epoch %d | train loss %.4f", epoch, lossSum / batches));
            }
            double validationLoss = meanLogLoss(table, scoreTraining(first, head, table, split.validationStart(),
                    split.testStart()), split.validationStart());
            bar.finish(split.trainRows(), String.format("epoch %d | train loss %.4f | validation loss %.4f",
                    epoch, lossSum / batches, validationLoss));
            if (validationLoss < bestLoss - MIN_IMPROVEMENT) {
                bestLoss = validationLoss;
                bestFirst = first.parameters();
                bestHead = head.params().dup();
                bestEpoch = epoch;
            }
        }
        first.restore(bestFirst);
        head.setParams(bestHead);
        MultiLayerNetwork network = BidLikelihoodNetwork.assemble(first.weightMatrix(), first.biasRow(), head);

        OutputCalibration calibration = OutputCalibration.fit(
                score(CompiledMlp.of(network), table, split.validationStart(), split.testStart()),
                labelRows(table, split.validationStart(), split.testStart()));
        calibration.foldInto(network);
        CompiledMlp calibrated = CompiledMlp.of(network);
        float[][] validation = score(calibrated, table, split.validationStart(), split.testStart());
        float[][] test = score(calibrated, table, split.testStart(), split.rows());
        List<PartnerOutput> outputs = new ArrayList<>();
        List<PartnerMetrics> metrics = new ArrayList<>();
        for (int p = 0; p < partners.size(); p++) {
            ThresholdTable thresholds = ThresholdTable.of(column(validation, p),
                    labels(table, split.validationStart(), split.testStart(), p));
            outputs.add(PartnerOutput.newBuilder()
                    .setPartnerId(partners.get(p))
                    .setDefaultThreshold(thresholds.thresholdKeeping(config.bidKeepRate()))
                    .setThresholdRule(String.format("keeps %.0f%% of validation bids", 100 * config.bidKeepRate()))
                    .addAllThresholdTable(thresholds.points())
                    .build());
            metrics.add(metricsFor(partners.get(p), column(test, p),
                    labels(table, split.testStart(), split.rows(), p)));
        }
        metrics.add(metricsFor("*", flatten(test), pooledLabels(table, split.testStart(), split.rows())));
        return new Result(network, outputs, metrics, split, epoch, bestEpoch, calibration, config);
    }

    /**
     * One mini-batch: DL4J computes the head's update and the loss gradient at its input, which is the embedding
     * bag's output, and the bag takes its AdaGrad step from that. Returns the batch's mean loss per partner.
     */
    private static double step(FeatureTable table, int[] order, int start, int end, EmbeddingBag first,
                               MultiLayerNetwork head, double embeddingRate) {
        int rows = end - start;
        int[][] features = new int[rows][];
        int partners = table.partners().size();
        float[] y = new float[rows * partners];
        for (int i = 0; i < rows; i++) {
            features[i] = table.features(order[start + i]);
            for (int p = 0; p < partners; p++) {
                y[i * partners + p] = table.label(order[start + i], p) ? 1f : 0f;
            }
        }
        INDArray z = first.forward(features);
        INDArray labels = Nd4j.create(y, new long[] {rows, partners}, 'c');
        // DL4J's ActivationLayer applies ReLU to its input array in place, so this call gets its own copy.
        INDArray perRowGradient = head.calculateGradients(z.dup(), labels, null, null).getSecond();
        head.fit(z, labels);
        // DL4J returns each row's own gradient; the step follows the batch mean, like the head's.
        float[] dLossDz = perRowGradient.dup('c').data().asFloat();
        for (int k = 0; k < dLossDz.length; k++) {
            dLossDz[k] /= rows;
        }
        first.update(features, dLossDz, embeddingRate);
        // DL4J's binary cross-entropy sums over outputs; report the per-partner mean like validation.
        return head.score() / partners;
    }

    /** The training-form network's outputs for rows [from, to). */
    private static float[][] scoreTraining(EmbeddingBag first, MultiLayerNetwork head, FeatureTable table, int from,
                                           int to) {
        float[][] out = new float[to - from][];
        for (int start = from; start < to; start += SCORING_BATCH) {
            int end = Math.min(start + SCORING_BATCH, to);
            int[][] features = new int[end - start][];
            for (int i = start; i < end; i++) {
                features[i - start] = table.features(i);
            }
            float[][] batch = head.output(first.forward(features), false).toFloatMatrix();
            System.arraycopy(batch, 0, out, start - from, end - start);
        }
        return out;
    }

    /** A predictor's outputs for rows [from, to), one row per table row. */
    private static float[][] score(Predictor predictor, FeatureTable table, int from, int to) {
        float[][] out = new float[to - from][table.partners().size()];
        FeatureVector features = FeatureVector.forCurrentSpec();
        for (int row = from; row < to; row++) {
            table.fill(row, features);
            predictor.predict(features, out[row - from]);
        }
        return out;
    }

    private static double meanLogLoss(FeatureTable table, float[][] scores, int firstRow) {
        double sum = 0;
        for (int p = 0; p < table.partners().size(); p++) {
            sum += Metrics.logLoss(column(scores, p), labels(table, firstRow, firstRow + scores.length, p));
        }
        return sum / table.partners().size();
    }

    private static PartnerMetrics metricsFor(String partner, double[] scores, boolean[] labels) {
        int positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        return PartnerMetrics.newBuilder()
                .setPartnerId(partner)
                .setAuc(Metrics.auc(scores, labels))
                .setLogLoss(Metrics.logLoss(scores, labels))
                .setEce(Metrics.expectedCalibrationError(scores, labels, CALIBRATION_BINS))
                .setPositiveRate((double) positives / labels.length)
                .setRows(labels.length)
                .build();
    }

    private static double[] column(float[][] scores, int partner) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = scores[i][partner];
        }
        return out;
    }

    private static double[] flatten(float[][] scores) {
        int partners = scores[0].length;
        double[] out = new double[scores.length * partners];
        for (int i = 0; i < scores.length; i++) {
            for (int p = 0; p < partners; p++) {
                out[i * partners + p] = scores[i][p];
            }
        }
        return out;
    }

    /** {@code [row][partner]} labels of rows [from, to). */
    private static boolean[][] labelRows(FeatureTable table, int from, int to) {
        boolean[][] out = new boolean[to - from][table.partners().size()];
        for (int i = from; i < to; i++) {
            for (int p = 0; p < out[0].length; p++) {
                out[i - from][p] = table.label(i, p);
            }
        }
        return out;
    }

    private static boolean[] labels(FeatureTable table, int from, int to, int partner) {
        boolean[] out = new boolean[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = table.label(i, partner);
        }
        return out;
    }

    private static boolean[] pooledLabels(FeatureTable table, int from, int to) {
        int partners = table.partners().size();
        boolean[] out = new boolean[(to - from) * partners];
        for (int i = from; i < to; i++) {
            for (int p = 0; p < partners; p++) {
                out[(i - from) * partners + p] = table.label(i, p);
            }
        }
        return out;
    }

    private static void shuffleInPlace(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }
}
