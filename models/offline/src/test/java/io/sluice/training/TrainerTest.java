package io.sluice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    @TempDir
    static Path dir;
    private static FeatureTable table;
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
        table = LabeledDataset.read(file, false, ProgressBar.hidden()).table();
        trainedWithSeed7 = train(7);
    }

    private static Trainer.Result train(long seed) {
        TrainingConfig config = TrainingConfig.defaults(seed).withHidden(List.of(8, 4)).withMaxEpochs(2);
        return new Trainer(config, ProgressBar.hidden()).train(table);
    }

    @Test
    void theSameSeedAndDataGiveTheSameModel() {
        Trainer.Result again = train(7);

        assertThat(again.network().params()).isEqualTo(trainedWithSeed7.network().params());
        assertThat(again.partners()).isEqualTo(trainedWithSeed7.partners());
        assertThat(again.testMetrics()).isEqualTo(trainedWithSeed7.testMetrics());
    }

    @Test
    void anotherSeedGivesAnotherModel() {
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
}
