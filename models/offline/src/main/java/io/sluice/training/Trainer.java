package io.sluice.training;

import com.google.protobuf.util.Timestamps;
import io.sluice.BuildInfo;
import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PartnerMetrics;
import io.sluice.api.v1.PartnerOutput;
import io.sluice.api.v1.TrainingData;
import io.sluice.features.FeatureExtractor;
import io.sluice.features.FeatureVector;
import io.sluice.model.BidLikelihoodNetwork;
import io.sluice.model.CompiledMlp;
import io.sluice.model.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the bid-likelihood MLP on labelled rows in memory independent of their number: one pass extracts features
 * into a {@link FeatureCache} on disk and {@link TimeCuts} finds the time-ordered train/validation/test split; each
 * epoch streams the training rows in shuffled blocks through a {@link ShuffleBuffer} into mini-batches, the first
 * layer as an {@link EmbeddingBag} (AdaGrad) under a DL4J head (Adam) fed with its output, learning rates decayed
 * per epoch. Rows may label only some partners: the others' outputs are masked out of the loss (a DL4J label mask
 * that also carries each entry's weight). Early stopping on validation log loss, per-partner calibration on the
 * validation split folded into the output layer, default thresholds and each partner's threshold table from the
 * held-out rows (validation and test splits), and held-out metrics on the test split, all over labelled entries only
 * and from {@link ScoreSummary}s. The result is the plain dense DL4J network that artifacts store.
 */
public final class Trainer {

    /** Embedding weights start as N(0, 0.05^2): small next to trained rows, enough to break symmetry. */
    private static final double EMBEDDING_INIT_SCALE = 0.05;
    private static final int SCORING_BATCH = 4096;
    /** Rows the epoch shuffle holds (tens of MB): 16 blocks, from anywhere in time, are mixed into each batch. */
    static final int SHUFFLE_ROWS = 16 * FeatureCache.BLOCK_ROWS;
    /** A validation loss must beat the best by this much to count as progress. */
    private static final double MIN_IMPROVEMENT = 1e-5;
    private static final String MODEL_NAME = "bid-likelihood";
    /** How this trainer fits a model, as the manifest's hyper-parameters describe it. */
    private static final Map<String, String> METHOD = Map.of(
            "optimizer", "first layer: AdaGrad on an embedding bag (active columns only); above: Adam",
            "loss", "binary cross-entropy per partner (sigmoid outputs)",
            "calibration", "per-partner Platt scaling on the validation split, folded into the output layer",
            "labels", "partial: entries a row does not label are masked out of loss, calibration and metrics");

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
     * @param testMetrics per partner, then "*" pooled, on the labelled entries of the test split
     * @param split       the rows of each split
     * @param epochsRun   epochs trained before stopping
     * @param bestEpoch   the epoch whose parameters were kept
     * @param calibration    the fitted per-partner output calibration, already folded into {@code network}
     * @param config         the settings the run used
     * @param validationSpan the arrival time the validation split covers, from its first cut to the next
     */
    public record Result(MultiLayerNetwork network, List<PartnerOutput> partners, List<PartnerMetrics> testMetrics,
                         TimeSplit split, int epochsRun, int bestEpoch, OutputCalibration calibration,
                         TrainingConfig config, Duration validationSpan) {

        /** A validation split shorter than this measures its threshold tables on part of the daily cycle only. */
        public static final Duration WHOLE_DAY = Duration.ofDays(1);

        /**
         * One line warning that the validation split spans less than {@link #WHOLE_DAY} of arrival time, or empty:
         * bid rates vary by hour, so a table measured on some hours need not keep its recall over whole days.
         */
        public Optional<String> validationWarning() {
            if (validationSpan.compareTo(WHOLE_DAY) >= 0) {
                return Optional.empty();
            }
            long days = (long) Math.ceil(1 / config.validationFraction());
            return Optional.of(String.format("warning: the validation split spans only %dh%02dm of arrival time, less "
                    + "than a day, so the threshold tables describe part of the day only and may not keep their recall "
                    + "over whole days; train on at least %d days of data", validationSpan.toHours(),
                    validationSpan.toMinutesPart(), days));
        }

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

    /**
     * Extracts {@code rows} into a feature cache in {@code workFolder} and trains on it; the cache is deleted
     * afterwards. The partners are {@code declaredPartners} (a shard manifest's) and every other partner a row labels.
     */
    public Result train(Iterator<LabeledBidRequest> rows, List<String> declaredPartners, Path workFolder)
            throws IOException {
        try (FeatureCache cache = FeatureCache.write(rows, declaredPartners, workFolder)) {
            return train(cache);
        }
    }

    Result train(FeatureCache cache) throws IOException {
        TimeCuts cuts = TimeCuts.of(cache.arrivals(), config.trainFraction(), config.validationFraction());
        TimeSplit split = cuts.split();
        Nd4j.getRandom().setSeed(config.seed());
        List<String> partners = cache.partners();
        EmbeddingBag first = new EmbeddingBag(FeatureExtractor.DIMENSION, config.hidden().get(0),
                EMBEDDING_INIT_SCALE, config.seed());
        MultiLayerNetwork head = BidLikelihoodNetwork.head(config.hidden(), partners.size(), config.learningRate(),
                config.l2(), config.seed());
        // Down-sampled negatives raise the odds by 1/rate; this shift of every logit undoes that.
        double logitShift = Math.log(config.negativeRate());
        BatchScorer trainingForm = features -> {
            try (INDArray z = first.forward(features); INDArray out = head.output(z, false)) {
                return out.toFloatMatrix();
            }
        };

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
            ProgressBar bar = progress.apply(split.trainRows());
            double embeddingRate = config.embeddingLearningRate() * decay;
            double lossSum = 0;
            int batches = 0;
            long rowsSeen = 0;
            List<TrainingRow> batch = new ArrayList<>(config.batchSize());
            ShuffleBuffer<TrainingRow> buffer = new ShuffleBuffer<>(SHUFFLE_ROWS, shuffle);
            List<FeatureCache.Block> blocks = new ArrayList<>(cache.blocks().stream()
                    .filter(b -> cuts.trains(b.minArrival())).toList());
            Collections.shuffle(blocks, shuffle);
            Iterator<FeatureCache.Block> nextBlock = blocks.iterator();
            Iterator<TrainingRow> blockRows = Collections.emptyIterator();
            while (true) {
                TrainingRow row;
                if (blockRows.hasNext()) {
                    TrainingRow read = blockRows.next();
                    if (!cuts.trains(read.arrivalMillis())) {
                        continue;
                    }
                    rowsSeen++;
                    TrainingRow kept = sampleNegatives(read.weighted(config.weighting()), config.negativeRate(),
                            shuffle);
                    row = kept == null ? null : buffer.offer(kept);
                } else if (nextBlock.hasNext()) {
                    blockRows = cache.read(nextBlock.next()).iterator();
                    continue;
                } else {
                    row = buffer.poll();
                    if (row == null) {
                        break;
                    }
                }
                if (row != null) {
                    batch.add(row);
                }
                if (batch.size() == config.batchSize()) {
                    lossSum += step(batch, partners.size(), first, head, embeddingRate);
                    batches++;
                    batch.clear();
                    bar.update(rowsSeen, String.format("epoch %d | train loss %.4f", epoch, lossSum / batches));
                }
            }
            if (!batch.isEmpty()) {
                lossSum += step(batch, partners.size(), first, head, embeddingRate);
                batches++;
            }
            double validationLoss = meanLogLoss(summarize(cache, cuts.validationFromMillis(), cuts.testFromMillis(),
                    trainingForm, partners.size(), logitShift, config.weighting()));
            bar.finish(split.trainRows(), String.format("epoch %d | train loss %.4f | validation loss %.4f",
                    epoch, lossSum / Math.max(batches, 1), validationLoss));
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

        OutputCalibration calibration = OutputCalibration.fit(summarize(cache, cuts.validationFromMillis(),
                cuts.testFromMillis(), predictorScorer(CompiledMlp.of(network), partners.size()), partners.size(),
                logitShift, config.weighting())).afterShift(logitShift);
        calibration.foldInto(network);
        BatchScorer calibrated = predictorScorer(CompiledMlp.of(network), partners.size());
        // Uncapped inverse propensity whatever the loss's weighting: the recall a table promises is then estimated on
        // all traffic, not only on the requests an earlier model chose to send (which made thresholds creep up
        // round after round in sluice simulate). Every held-out row, test included: under shaping the bids below the
        // threshold come back only when explored, so few that the table's recall is a draw of them (0.6-0.8 points
        // at 1% in sluice simulate); twice the rows halve its variance, and no test metric depends on a threshold.
        List<ScoreSummary> heldOut = summarize(cache, cuts.validationFromMillis(), Long.MAX_VALUE,
                calibrated, partners.size(), 0, LabelWeighting.UNCAPPED_INVERSE_PROPENSITY);
        List<ScoreSummary> test = summarize(cache, cuts.testFromMillis(), Long.MAX_VALUE, calibrated, partners.size(),
                0, config.weighting());
        List<PartnerOutput> outputs = new ArrayList<>();
        List<PartnerMetrics> metrics = new ArrayList<>();
        ScoreSummary pooled = new ScoreSummary();
        for (int p = 0; p < partners.size(); p++) {
            ThresholdTable thresholds = ThresholdTable.of(heldOut.get(p));
            outputs.add(PartnerOutput.newBuilder()
                    .setPartnerId(partners.get(p))
                    .setDefaultThreshold(thresholds.thresholdKeeping(config.bidKeepRate()))
                    .setThresholdRule(String.format("keeps %.0f%% of held-out bids", 100 * config.bidKeepRate()))
                    .addAllThresholdTable(thresholds.points())
                    .build());
            metrics.add(metricsFor(partners.get(p), test.get(p)));
            pooled.addAll(test.get(p));
        }
        metrics.add(metricsFor("*", pooled));
        return new Result(network, outputs, metrics, split, epoch, bestEpoch, calibration, config,
                Duration.ofMillis(cuts.testFromMillis() - cuts.validationFromMillis()));
    }

    /** Scores a batch of rows given by their active columns: {@code [row][partner]} probabilities. */
    @FunctionalInterface
    private interface BatchScorer {
        float[][] score(int[][] features);
    }

    private static BatchScorer predictorScorer(Predictor predictor, int partners) {
        FeatureVector vector = FeatureVector.forCurrentSpec();
        return features -> {
            float[][] out = new float[features.length][partners];
            for (int i = 0; i < features.length; i++) {
                vector.clear();
                for (int column : features[i]) {
                    vector.add(column);
                }
                predictor.predict(vector, out[i]);
            }
            return out;
        };
    }

    /**
     * The labelled entries of the rows that arrived in [{@code fromMillis}, {@code toMillis}), scored by
     * {@code scorer} with every logit shifted by {@code logitShift} and weighted by {@code weighting}, one summary
     * per partner.
     */
    private static List<ScoreSummary> summarize(FeatureCache cache, long fromMillis, long toMillis, BatchScorer scorer,
                                                int partners, double logitShift, LabelWeighting weighting) {
        List<ScoreSummary> summaries = new ArrayList<>();
        for (int p = 0; p < partners; p++) {
            summaries.add(new ScoreSummary());
        }
        List<TrainingRow> batch = new ArrayList<>(SCORING_BATCH);
        for (FeatureCache.Block block : cache.blocks()) {
            if (block.maxArrival() < fromMillis || block.minArrival() >= toMillis) {
                continue;
            }
            for (TrainingRow row : cache.read(block)) {
                if (row.arrivalMillis() >= fromMillis && row.arrivalMillis() < toMillis) {
                    batch.add(row.weighted(weighting));
                }
                if (batch.size() == SCORING_BATCH) {
                    addScores(batch, scorer, logitShift, summaries);
                }
            }
        }
        addScores(batch, scorer, logitShift, summaries);
        return summaries;
    }

    private static void addScores(List<TrainingRow> batch, BatchScorer scorer, double logitShift,
                                  List<ScoreSummary> summaries) {
        if (batch.isEmpty()) {
            return;
        }
        int[][] features = new int[batch.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = batch.get(i).features();
        }
        float[][] scores = scorer.score(features);
        for (int i = 0; i < features.length; i++) {
            TrainingRow row = batch.get(i);
            for (int k = 0; k < row.partners().length; k++) {
                double score = scores[i][row.partners()[k]];
                if (logitShift != 0) {
                    score = 1 / (1 + (1 / score - 1) * Math.exp(-logitShift));
                }
                summaries.get(row.partners()[k]).add(score, row.bids()[k], row.weights()[k]);
            }
        }
        batch.clear();
    }

    /** Mean over partners (with validation entries) of each partner's weighted log loss. */
    private static double meanLogLoss(List<ScoreSummary> summaries) {
        double sum = 0;
        int partners = 0;
        for (ScoreSummary summary : summaries) {
            if (summary.weight() > 0) {
                sum += summary.logLoss();
                partners++;
            }
        }
        return partners == 0 ? Double.NaN : sum / partners;
    }

    /** {@code row} keeping each non-bid entry with probability {@code rate}; null when no entry is left. */
    private static TrainingRow sampleNegatives(TrainingRow row, double rate, Random random) {
        if (rate >= 1) {
            return row;
        }
        int kept = 0;
        int[] partners = new int[row.partners().length];
        boolean[] bids = new boolean[partners.length];
        float[] weights = new float[partners.length];
        for (int k = 0; k < partners.length; k++) {
            if (row.bids()[k] || random.nextDouble() < rate) {
                partners[kept] = row.partners()[k];
                bids[kept] = row.bids()[k];
                weights[kept++] = row.weights()[k];
            }
        }
        return kept == 0 ? null : new TrainingRow(row.arrivalMillis(), row.features(),
                Arrays.copyOf(partners, kept), Arrays.copyOf(bids, kept), Arrays.copyOf(weights, kept));
    }

    /**
     * One mini-batch: DL4J computes the head's update and the loss gradient at its input, which is the embedding
     * bag's output, and the bag takes its AdaGrad step from that. Entries a row does not label get mask 0, so their
     * outputs get no gradient; labelled ones get their weight. Returns the batch's mean loss per labelled entry.
     */
    static double step(List<TrainingRow> batch, int partners, EmbeddingBag first, MultiLayerNetwork head,
                       double embeddingRate) {
        int rows = batch.size();
        int[][] features = new int[rows][];
        float[] y = new float[rows * partners];
        float[] mask = new float[rows * partners];
        double maskSum = 0;
        for (int i = 0; i < rows; i++) {
            TrainingRow row = batch.get(i);
            features[i] = row.features();
            for (int k = 0; k < row.partners().length; k++) {
                y[i * partners + row.partners()[k]] = row.bids()[k] ? 1f : 0f;
                mask[i * partners + row.partners()[k]] = row.weights()[k];
                maskSum += row.weights()[k];
            }
        }
        // ND4J frees these arrays' off-heap buffers only once their owners are collected, so between two collections
        // (rarer the larger the heap) they pile up in native memory; closing them frees that memory every batch.
        float[] dLossDz;
        try (INDArray z = first.forward(features);
             INDArray zCopy = z.dup();
             INDArray labels = Nd4j.create(y, new long[] {rows, partners}, 'c');
             INDArray labelMask = Nd4j.create(mask, new long[] {rows, partners}, 'c');
             // DL4J's ActivationLayer applies ReLU to its input array in place, so this call gets its own copy.
             INDArray perRowGradient = head.calculateGradients(zCopy, labels, null, labelMask).getSecond();
             INDArray rowMajorGradient = perRowGradient.dup('c')) {
            head.fit(z, labels, null, labelMask);
            // DL4J returns each row's own gradient; the step follows the batch mean, like the head's.
            dLossDz = rowMajorGradient.data().asFloat();
        }
        for (int k = 0; k < dLossDz.length; k++) {
            dLossDz[k] /= rows;
        }
        first.update(features, dLossDz, embeddingRate);
        // DL4J's masked binary cross-entropy sums over outputs and averages over rows.
        return maskSum > 0 ? head.score() * rows / maskSum : 0;
    }

    private static PartnerMetrics metricsFor(String partner, ScoreSummary scores) {
        return PartnerMetrics.newBuilder()
                .setPartnerId(partner)
                .setAuc(scores.auc())
                .setLogLoss(scores.logLoss())
                .setEce(scores.expectedCalibrationError())
                .setPositiveRate(scores.positiveRate())
                .setRows(scores.rows())
                .build();
    }
}
