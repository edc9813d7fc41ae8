package io.sluice.simulation;

import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardWriter;
import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ServingModel;
import io.sluice.scoring.ServingOptions;
import io.sluice.shaping.RecallTarget;
import io.sluice.shaping.ShapingSettings;
import io.sluice.training.LabelWeighting;
import io.sluice.training.LabeledDataset;
import io.sluice.training.ProgressBar;
import io.sluice.training.SyntheticTraffic;
import io.sluice.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The production loop of a shaped model, run on generated traffic whose ground truth is known: serve with the
 * shaping policy, log decisions, learn outcomes only for the partners sent, import, retrain on the partial labels,
 * deploy, and again. Each configuration (exploration rate, weighting) runs the same rounds of the same requests
 * from the same start model, trained on a fully labelled round 0; a reference model trained with every label of
 * the same requests, and the true probabilities, are the yardsticks on a fixed, unbiased test set.
 */
public final class ClosedLoopSimulation {

    private static final long MAX_ARTIFACT_BYTES = 1L << 30;

    private final SimulationSettings settings;
    private final SimulationLayout layout;
    private final PrintStream log;
    private final ServingOptions serving;
    private final RoundTrainer trainer = new RoundTrainer(ProgressBar.onStderr("train", ProgressBar.Unit.ROWS));

    /** A simulation writing under {@code out}, telling its progress on {@code log} (stderr). */
    public ClosedLoopSimulation(SimulationSettings settings, Path out, PrintStream log) {
        this.settings = settings;
        this.layout = new SimulationLayout(out);
        this.log = log;
        this.serving = new ServingOptions(ServingOptions.Inference.COMPILED, 1, MAX_ARTIFACT_BYTES, 0,
                new RecallTarget(OptionalDouble.of(settings.recallTarget()), Map.of()));
    }

    /**
     * Runs every configuration and returns each one's figures per round, round 0 first. Without exploration no
     * row is weighted, so exploration 0 runs with the first weighting only.
     */
    public List<RoundFigures> run() throws IOException, ArtifactException {
        log.printf("generating %d rounds of %,d requests over %d days each and %,d test requests (seed %d)%n",
                settings.rounds() + 1, settings.requestsPerRound(), GeneratedRounds.ROUND_SPAN.toDays(),
                settings.testRequests(), settings.seed());
        List<TrainingShard> rounds = GeneratedRounds.write(GeneratedRounds.traffic(settings), settings, layout,
                ProgressBar.onStderr("generate", ProgressBar.Unit.ROWS));
        UnbiasedTestSet test = new UnbiasedTestSet(
                LabeledDataset.read(layout.testSet(), false, ProgressBar.hidden()).table());
        double[] referenceAuc = new double[settings.rounds() + 1];
        RoundShards fullyLabelled = new RoundShards(layout.generated(), SyntheticTraffic.partnerIds(),
                "sluice simulate: every round with every label");
        for (int round = 0; round <= settings.rounds(); round++) {
            log.printf("reference: training with every label of rounds 0-%d%n", round);
            fullyLabelled.addFullyLabelled(rounds.get(round));
            referenceAuc[round] = test.auc(trainer.train(trainingConfig(settings.weightings().get(0)),
                    fullyLabelled.folder(), layout.referenceModel(round), "reference-" + round));
        }
        List<RoundFigures> figures = new ArrayList<>();
        for (LabelWeighting weighting : settings.weightings()) {
            for (double rate : settings.explorationRates()) {
                if (rate > 0 || weighting.equals(settings.weightings().get(0))) {
                    figures.addAll(runConfiguration(rate, weighting, rounds.get(0), test, referenceAuc));
                }
            }
        }
        return figures;
    }

    private List<RoundFigures> runConfiguration(double rate, LabelWeighting weighting, TrainingShard start,
                                                UnbiasedTestSet test, double[] referenceAuc)
            throws IOException, ArtifactException {
        String weightingName = weighting.toString();
        String name = String.format(Locale.ROOT, "explore %s / %s", rate, weightingName);
        Path folder = layout.configuration(rate, weightingName.replace(' ', '-'));
        RoundShards shards = new RoundShards(Files.createDirectories(SimulationLayout.shards(folder)),
                SyntheticTraffic.partnerIds(), "sluice simulate: " + name);
        Files.copy(layout.generatedRound(0), shards.folder().resolve(start.getFile()));
        shards.addFullyLabelled(start);
        ShapingSettings shaping = new ShapingSettings(rate, Map.of(), "sluice-simulate-" + settings.seed(), Map.of(),
                1, Duration.ofSeconds(10));
        long requests = settings.requestsPerRound();
        List<RoundFigures> figures = new ArrayList<>();
        figures.add(new RoundFigures(name, rate, weightingName, 0, requests, 0, BidLoss.NONE, 1, referenceAuc[0],
                referenceAuc[0], test.bayesAuc()));
        ServingModel deployed = deploy(layout.referenceModel(0));
        for (int round = 1; round <= settings.rounds(); round++) {
            log.printf("%s: round %d served by %s%n", name, round, deployed.version());
            ShapedRound.Result served = ShapedRound.serve(deployed, shaping, layout.generatedRound(round),
                    ShardWriter.create(shards.folder(), SimulationLayout.roundShard(round)),
                    ProgressBar.onStderr("serve", ProgressBar.Unit.ROWS).apply(settings.requestsPerRound()));
            shards.add(served.shard(), served.imported());
            requests += settings.requestsPerRound();
            Path model = SimulationLayout.model(folder, round);
            ModelArtifact trained = trainer.train(trainingConfig(weighting), shards.folder(), model,
                    folder.getFileName() + "-" + round);
            ShapingTally tally = served.tally();
            figures.add(new RoundFigures(name, rate, weightingName, round, requests, tally.requestsSaved(),
                    tally.bidLoss(), tally.labelledShare(), test.auc(trained), referenceAuc[round], test.bayesAuc()));
            deployed = deploy(model);
        }
        return figures;
    }

    private TrainingConfig trainingConfig(LabelWeighting weighting) {
        return TrainingConfig.defaults(settings.seed()).withMaxEpochs(settings.epochs()).withWeighting(weighting);
    }

    /** Loads an artifact the way a server does: verified, with thresholds picked for the recall target. */
    private ServingModel deploy(Path artifact) throws ArtifactException {
        return ModelLoader.load(ArtifactFiles.directory(artifact), serving);
    }
}
