package io.sluice.training;

import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.features.FeatureExtractor;
import io.sluice.model.BidLikelihoodNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the bid-likelihood MLP on a {@link FeatureTable}: time-ordered train/validation/test split, shuffled
 * mini-batches, early stopping on validation log loss, per-partner default thresholds from the validation split,
 * and held-out metrics on the test split.
 */
public final class Trainer {

    private static final int SCORING_BATCH = 2048;
    private static final int CALIBRATION_BINS = 10;

    private final TrainingConfig config;
    private final LongFunction<ProgressBar> progress;

    /** {@code progress} makes a progress bar for a pass over the given number of rows. */
    public Trainer(TrainingConfig config, LongFunction<ProgressBar> progress) {
        this.config = config;
        this.progress = progress;
    }

    /** What a run produced: the network, partner outputs with thresholds, test metrics and split sizes. */
    public record Result(MultiLayerNetwork network, List<PartnerOutput> partners, List<PartnerMetrics> testMetrics,
                         int trainRows, int validationRows, int testRows, int epochsRun) {
    }

    public Result train(FeatureTable table) {
        int rows = table.rows();
        TimeSplit split = TimeSplit.of(rows, config.trainFraction(), config.validationFraction());
        int trainEnd = split.validationStart();
        int validationEnd = split.testStart();
        Nd4j.getRandom().setSeed(config.seed());
        List<String> partners = table.partners();
        MultiLayerNetwork network = BidLikelihoodNetwork.create(FeatureExtractor.DIMENSION, config.hidden(),
                partners.size(), config.learningRate(), config.l2(), config.seed());

        int[] order = new int[trainEnd];
        Arrays.setAll(order, i -> i);
        Random shuffle = new Random(config.seed());
        double bestLoss = Double.POSITIVE_INFINITY;
        INDArray bestParams = network.params().dup();
        int epochsWithoutGain = 0;
        int epoch = 0;
        while (epoch < config.maxEpochs() && epochsWithoutGain < config.patience()) {
            epoch++;
            shuffleInPlace(order, shuffle);
            ProgressBar bar = progress.apply(trainEnd);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < trainEnd; start += config.batchSize()) {
                int end = Math.min(start + config.batchSize(), trainEnd);
                network.fit(batch(table, order, start, end));
                // DL4J's binary cross-entropy sums over outputs; report the per-partner mean like validation.
                lossSum += network.score() / partners.size();
                batches++;
                bar.update(end, String.format("epoch %d | train loss %.4f", epoch, lossSum / batches));
            }
            double validationLoss = meanLogLoss(table, score(network, table, trainEnd, validationEnd), trainEnd);
            bar.finish(trainEnd, String.format("epoch %d | train loss %.4f | validation loss %.4f",
                    epoch, lossSum / batches, validationLoss));
            if (validationLoss < bestLoss - 1e-5) {
                bestLoss = validationLoss;
                bestParams = network.params().dup();
                epochsWithoutGain = 0;
            } else {
                epochsWithoutGain++;
            }
        }
        network.setParams(bestParams);

        float[][] validation = score(network, table, trainEnd, validationEnd);
        float[][] test = score(network, table, validationEnd, rows);
        List<PartnerOutput> outputs = new ArrayList<>();
        List<PartnerMetrics> metrics = new ArrayList<>();
        for (int p = 0; p < partners.size(); p++) {
            outputs.add(PartnerOutput.newBuilder()
                    .setPartnerId(partners.get(p))
                    .setDefaultThreshold(thresholdKeeping(table, validation, trainEnd, p))
                    .setThresholdRule(String.format("keeps %.0f%% of validation bids", 100 * config.bidKeepRate()))
                    .build());
            metrics.add(metricsFor(partners.get(p), column(test, p), labels(table, validationEnd, rows, p)));
        }
        metrics.add(metricsFor("*", flatten(test), pooledLabels(table, validationEnd, rows)));
        return new Result(network, outputs, metrics, trainEnd, validationEnd - trainEnd, rows - validationEnd, epoch);
    }

    /** Model outputs for rows [from, to), one row per table row. */
    static float[][] score(MultiLayerNetwork network, FeatureTable table, int from, int to) {
        float[][] out = new float[to - from][];
        int[] identity = new int[to];
        Arrays.setAll(identity, i -> i);
        for (int start = from; start < to; start += SCORING_BATCH) {
            int end = Math.min(start + SCORING_BATCH, to);
            float[][] batch = network.output(batch(table, identity, start, end).getFeatures(), false).toFloatMatrix();
            System.arraycopy(batch, 0, out, start - from, end - start);
        }
        return out;
    }

    private static DataSet batch(FeatureTable table, int[] order, int start, int end) {
        int partners = table.partners().size();
        int dimension = FeatureExtractor.DIMENSION;
        float[] x = new float[(end - start) * dimension];
        float[] y = new float[(end - start) * partners];
        for (int i = start; i < end; i++) {
            int row = order[i];
            for (int column : table.features(row)) {
                x[(i - start) * dimension + column] = 1f;
            }
            for (int p = 0; p < partners; p++) {
                y[(i - start) * partners + p] = table.label(row, p) ? 1f : 0f;
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {end - start, dimension}, 'c'),
                Nd4j.create(y, new long[] {end - start, partners}, 'c'));
    }

    private double thresholdKeeping(FeatureTable table, float[][] validation, int firstRow, int partner) {
        double[] positives = new double[validation.length];
        int count = 0;
        for (int i = 0; i < validation.length; i++) {
            if (table.label(firstRow + i, partner)) {
                positives[count++] = validation[i][partner];
            }
        }
        if (count == 0) {
            return 0.0;
        }
        Arrays.sort(positives, 0, count);
        return positives[(int) Math.floor((1 - config.bidKeepRate()) * count)];
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
