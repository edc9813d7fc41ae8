package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.ThresholdPoint;
import io.sluice.api.v1.TrainingData;
import io.sluice.api.v1.TrainingEnvironment;
import io.sluice.features.FeatureVector;
import io.sluice.model.CompiledMlp;
import io.sluice.model.Predictor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    static Path dir;
    private static FeatureCache cache;
    private static Trainer.Result trainedWithSeed7;

    @BeforeAll
    static void generate() throws Exception {
        Path file = dir.resolve("rows.jsonl");
        try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
            var rows = new SyntheticTraffic(SyntheticTraffic.Config.defaults(21)).rows(3000);
            while (rows.hasNext()) {
                writer.write(rows.next());
            }
        }
        try (LabeledRequestReader rows = new LabeledRequestReader(file, false)) {
            cache = FeatureCache.write(rows, List.of(), dir.resolve("cache"));
        }
        trainedWithSeed7 = train(7);
    }

    @AfterAll
    static void deleteCache() throws Exception {
        cache.close();
    }

    private static Trainer.Result train(long seed) throws Exception {
        TrainingConfig config = TrainingConfig.defaults(seed).withHidden(List.of(8, 4)).withMaxEpochs(2);
        return new Trainer(config, ProgressBar.hidden()).train(cache);
    }

    @Test
    void aPartnerIsTrainedAndScoredOnTheRowsThatLabelItAndADeclaredPartnerWithoutLabelsStaysAColumn()
            throws Exception {
        String halfLabelled = SyntheticTraffic.partnerIds().stream().sorted().findFirst().orElseThrow();
        List<LabeledBidRequest> rows = new ArrayList<>();
        var generated = new SyntheticTraffic(SyntheticTraffic.Config.defaults(21)).rows(3000);
        for (int i = 0; generated.hasNext(); i++) {
            var row = generated.next();
            rows.add(i % 2 == 0 ? row : row.toBuilder().removeBids(halfLabelled).build());
        }
        TrainingConfig config = TrainingConfig.defaults(7).withHidden(List.of(8, 4)).withMaxEpochs(1);
        Trainer.Result result = new Trainer(config, ProgressBar.hidden())
                .train(rows.iterator(), List.of("never-labelled"), dir.resolve("partial-cache"));

        assertThat(result.partners()).extracting(p -> p.getPartnerId()).contains(halfLabelled, "never-labelled");
        assertThat(result.partners().get(0).getPartnerId()).isEqualTo(halfLabelled);
        // Test split: 300 rows; every other one labels the first partner.
        assertThat(result.testMetrics().get(0).getRows()).isEqualTo(150);
        assertThat(result.testMetrics().get(1).getRows()).isEqualTo(300);
        assertThat(result.testMetrics().get(0).getAuc()).isNotNaN();
        var never = result.testMetrics().stream().filter(m -> m.getPartnerId().equals("never-labelled"))
                .findFirst().orElseThrow();
        assertThat(never.getRows()).isZero();
        assertThat(result.partners()).filteredOn(p -> p.getPartnerId().equals("never-labelled"))
                .allSatisfy(p -> assertThat(p.getThresholdTableList()).isEmpty());
        assertThat(dir.resolve("partial-cache")).doesNotExist();
    }

    @Test
    void bidsTheThresholdSkippedCountAsTheOneOverPRequestsTheyStandForWhenSentAsExploration() throws Exception {
        // Trained once on the rows as they are; then the same rows with every bid the resulting default threshold
        // skips marked as an exploration send with p = 0.01, the loss unweighted in both.
        List<LabeledBidRequest> plain = new ArrayList<>();
        new SyntheticTraffic(SyntheticTraffic.Config.defaults(21)).rows(3000).forEachRemaining(plain::add);
        // Enough training that scores separate requests: a constant score has no threshold to move.
        TrainingConfig config = TrainingConfig.defaults(7).withHidden(List.of(16, 8)).withMaxEpochs(4);
        Trainer.Result asTheyAre = new Trainer(config, ProgressBar.hidden())
                .train(plain.iterator(), List.of(), dir.resolve("plain-cache"));
        Map<String, Double> threshold = new HashMap<>();
        asTheyAre.partners().forEach(p -> threshold.put(p.getPartnerId(), p.getDefaultThreshold()));
        Predictor model = CompiledMlp.of(asTheyAre.network());
        FeatureVector features = FeatureVector.forCurrentSpec();
        float[] scores = new float[asTheyAre.partners().size()];
        List<LabeledBidRequest> explored = new ArrayList<>();
        for (LabeledBidRequest row : plain) {
            RowFeatures.extract(row, features);
            model.predict(features, scores);
            LabeledBidRequest.Builder marked = row.toBuilder();
            for (int p = 0; p < scores.length; p++) {
                String partner = asTheyAre.partners().get(p).getPartnerId();
                if (row.getBidsOrThrow(partner) && scores[p] < threshold.get(partner)) {
                    marked.putExplorationProbability(partner, 0.01);
                }
            }
            explored.add(marked.build());
        }
        Trainer.Result withExploration = new Trainer(config, ProgressBar.hidden())
                .train(explored.iterator(), List.of(), dir.resolve("explored-cache"));

        // The same network (unweighted loss); the skipped bids now stand for 100 each, so keeping 95% of all bids
        // needs a lower threshold, for every partner.
        assertThat(withExploration.network().params()).isEqualTo(asTheyAre.network().params());
        for (int p = 0; p < scores.length; p++) {
            assertThat(withExploration.partners().get(p).getDefaultThreshold())
                    .as(asTheyAre.partners().get(p).getPartnerId())
                    .isLessThan(asTheyAre.partners().get(p).getDefaultThreshold());
        }
    }

    @Test
    void theSameSeedAndDataGiveTheSameModel() throws Exception {
        Trainer.Result again = train(7);

        assertThat(again.network().params()).isEqualTo(trainedWithSeed7.network().params());
        assertThat(again.partners()).isEqualTo(trainedWithSeed7.partners());
        assertThat(again.testMetrics()).isEqualTo(trainedWithSeed7.testMetrics());
    }

    @Test
    void anotherSeedGivesAnotherModel() throws Exception {
        assertThat(train(8).network().params()).isNotEqualTo(trainedWithSeed7.network().params());
    }

    @Test
    void theResultIsTheDenseServingNetworkOverTheTimeSplit() {
        Trainer.Result result = trainedWithSeed7;

        assertThat(result.network().layerInputSize(0)).isEqualTo(io.sluice.features.FeatureExtractor.DIMENSION);
        assertThat(result.network().layerSize(result.network().getnLayers() - 1)).isEqualTo(9);
        assertThat(result.split()).isEqualTo(new TimeSplit(2400, 300, 300));
        assertThat(result.bestEpoch()).isBetween(1, result.epochsRun());
        assertThat(result.partners()).extracting(p -> p.getDefaultThreshold()).allSatisfy(t ->
                assertThat(t).isBetween(0.0, 1.0));
        assertThat(result.testMetrics()).hasSize(10);
    }

    @Test
    void aValidationSplitOfMoreThanADayGivesNoWarning() {
        // 3,000 rows over the generator's two weeks: the validation split's 10% covers about 1.4 days.
        assertThat(trainedWithSeed7.validationSpan()).isGreaterThan(Trainer.Result.WHOLE_DAY);
        assertThat(trainedWithSeed7.validationWarning()).isEmpty();
    }

    @Test
    void aValidationSplitShorterThanADayIsWarnedAboutInOneLine() throws Exception {
        SyntheticTraffic.Config tenHours = new SyntheticTraffic.Config(21, Instant.parse("2026-06-01T00:00:00Z"),
                Duration.ofHours(10), 20_000, 3);
        TrainingConfig config = TrainingConfig.defaults(7).withHidden(List.of(8, 4)).withMaxEpochs(1);
        Trainer.Result result = new Trainer(config, ProgressBar.hidden())
                .train(new SyntheticTraffic(tenHours).rows(3000), List.of(), dir.resolve("short-cache"));

        assertThat(result.validationSpan()).isLessThan(Duration.ofHours(2));
        assertThat(result.validationWarning()).hasValueSatisfying(line -> assertThat(line)
                .matches("warning: the validation split spans only [01]h\\d\\dm of arrival time, less than a day, "
                        + "[^\\n]* train on at least 10 days of data"));
    }

    @Test
    void everyPartnerCarriesItsValidationThresholdTableWhichHoldsItsDefaultThreshold() {
        assertThat(trainedWithSeed7.partners()).allSatisfy(partner -> {
            assertThat(partner.getThresholdTableList()).isNotEmpty();
            assertThat(partner.getThresholdTableList()).anySatisfy(point -> {
                assertThat(point.getThreshold()).isEqualTo(partner.getDefaultThreshold());
                assertThat(point.getRecall()).isGreaterThanOrEqualTo(0.95);
            });
            assertThat(partner.getThresholdTable(0).getRecall()).isEqualTo(1.0);
        });
    }

    @Test
    void thresholdTablesRestOnTheBidsOfEveryHeldOutRowValidationAndTest() throws Exception {
        // Explored bids below a shaped model's threshold are few (1 in 1/p comes back): the more held-out rows a
        // table counts, the less its recall, and the threshold picked from it, is a draw of those few.
        TimeCuts cuts = TimeCuts.of(cache.arrivals(), 0.8, 0.1);
        long[] heldOutBids = new long[trainedWithSeed7.partners().size()];
        for (FeatureCache.Block block : cache.blocks()) {
            for (TrainingRow row : cache.read(block)) {
                for (int k = 0; k < row.partners().length; k++) {
                    heldOutBids[row.partners()[k]] += !cuts.trains(row.arrivalMillis()) && row.bids()[k] ? 1 : 0;
                }
            }
        }
        for (int p = 0; p < heldOutBids.length; p++) {
            ThresholdPoint middle = trainedWithSeed7.partners().get(p).getThresholdTableList().stream()
                    .min(Comparator.comparingDouble(point -> Math.abs(point.getRecall() - 0.5))).orElseThrow();
            double recall = middle.getRecall();
            // Unit weights: the standard error is the binomial sqrt(r (1 - r) / bids), so it says how many bids (r is
            // the share the threshold is expected to keep, within a bid of the held-out share, where r (1 - r) is
            // flat).
            double bidsBehindTheTable = recall * (1 - recall) / Math.pow(middle.getRecallStandardError(), 2);
            assertThat(bidsBehindTheTable).as(trainedWithSeed7.partners().get(p).getPartnerId())
                    .isCloseTo(heldOutBids[p], within(0.01 * heldOutBids[p]));
        }
    }

    @Test
    void theManifestRecordsEverySettingTheDataAndTheEnvironmentThatTrainedIt() {
        TrainingData data = TrainingData.newBuilder().setSource("rows.jsonl").setSha256("ab12").build();

        ModelManifest manifest = trainedWithSeed7.manifest("t-1", data);

        assertThat(manifest.getHyperparametersMap())
                .containsEntry("hidden", "[8, 4]")
                .containsEntry("max_epochs", "2")
                .containsEntry("learning_rate_decay", "0.25")
                .containsEntry("seed", "7")
                .containsKeys("batch_size", "embedding_learning_rate", "bid_keep_rate", "best_epoch", "optimizer");
        assertThat(manifest.getHyperparametersMap().keySet())
                .containsAll(TrainingProvenance.settings(trainedWithSeed7.config()).keySet());
        assertThat(manifest.getTrainingData().getSha256()).isEqualTo("ab12");
        assertThat(manifest.getTrainingData().getTrainRows()).isEqualTo(2400);
        assertThat(manifest.getTrainingData().getSeed()).isEqualTo(7);
        TrainingEnvironment environment = manifest.getTrainedWith();
        assertThat(environment.getLibrariesMap()).containsKey("deeplearning4j");
        assertThat(manifest.getFramework()).isEqualTo("deeplearning4j " + environment.getLibrariesOrThrow("deeplearning4j"));
        assertThat(environment.getJava()).startsWith(System.getProperty("java.runtime.version"));
        assertThat(environment.getArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(environment.getOs()).startsWith(System.getProperty("os.name"));
        assertThat(environment.getSluiceVersion()).isNotEmpty().doesNotContain("${");
    }
}
