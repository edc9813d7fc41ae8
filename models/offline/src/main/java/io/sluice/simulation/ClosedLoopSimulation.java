package io.sluice.simulation;

import io.sluice.model.ArtifactException;
import io.sluice.model.ArtifactFiles;
import io.sluice.model.ModelArtifact;
import io.sluice.scoring.ModelLoader;
import io.sluice.scoring.ServingModel;
import io.sluice.scoring.ServingOptions;
import io.sluice.shaping.RecallTarget;
import io.sluice.shaping.ShapingSettings;
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
    private final RoundTrainer trainer;

    /** A simulation writing under {@code out}, telling its progress on {@code log} (stderr). */
    public ClosedLoopSimulation(SimulationSettings settings, Path out, PrintStream log) {
        this.settings = settings;
        this.layout = new SimulationLayout(out);
        this.log = log;
        this.serving = new ServingOptions(ServingOptions.Inference.COMPILED, 1, MAX_ARTIFACT_BYTES, 0,
                new RecallTarget(OptionalDouble.of(settings.recallTarget()), Map.of()));
        this.trainer = new RoundTrainer(TrainingConfig.defaults(settings.seed()).withMaxEpochs(settings.epochs()),
                ProgressBar.onStderr("train", ProgressBar.Unit.ROWS));
    }

    /** Runs every configuration and returns each one's figures per round, round 0 first. */
    public List<RoundFigures> run() throws IOException, ArtifactException {
        log.printf("generating %d rounds of %,d requests and %,d test requests (seed %d)%n", settings.rounds() + 1,
                settings.requestsPerRound(), settings.testRequests(), settings.seed());
        GeneratedRounds.write(new SyntheticTraffic(SyntheticTraffic.Config.defaults(settings.seed())), settings,
                layout, ProgressBar.onStderr("generate", ProgressBar.Unit.ROWS));
        UnbiasedTestSet test = new UnbiasedTestSet(
                LabeledDataset.read(layout.testSet(), false, ProgressBar.hidden()).table());
        double[] referenceAuc = new double[settings.rounds() + 1];
        List<Path> fullyLabelled = new ArrayList<>();
        for (int round = 0; round <= settings.rounds(); round++) {
            log.printf("reference: training with every label of rounds 0-%d%n", round);
            fullyLabelled.add(layout.generatedRound(round));
            referenceAuc[round] = test.auc(trainer.train(fullyLabelled, layout.referenceModel(round),
                    "reference-" + round));
        }
        List<RoundFigures> figures = new ArrayList<>();
        for (String weighting : settings.weightings()) {
            for (double rate : settings.explorationRates()) {
                figures.addAll(runConfiguration(rate, weighting, test, referenceAuc));
            }
        }
        return figures;
    }

    private List<RoundFigures> runConfiguration(double rate, String weighting, UnbiasedTestSet test,
                                                double[] referenceAuc) throws IOException, ArtifactException {
        String name = String.format(Locale.ROOT, "explore %s / %s", rate, weighting);
        Path folder = Files.createDirectories(layout.configuration(rate, weighting));
        ShapingSettings shaping = new ShapingSettings(rate, Map.of(), "sluice-simulate-" + settings.seed(), Map.of(),
                1, Duration.ofSeconds(10));
        long requests = settings.requestsPerRound();
        List<RoundFigures> figures = new ArrayList<>();
        figures.add(new RoundFigures(name, rate, weighting, 0, requests, 0, 0, 0, 1, referenceAuc[0],
                referenceAuc[0], test.bayesAuc()));
        ServingModel deployed = deploy(layout.referenceModel(0));
        List<Path> rows = new ArrayList<>(List.of(layout.generatedRound(0)));
        for (int round = 1; round <= settings.rounds(); round++) {
            log.printf("%s: round %d served by %s%n", name, round, deployed.version());
            Path imported = SimulationLayout.importedRound(folder, round);
            ShapingTally tally = ShapedRound.serve(deployed, shaping, layout.generatedRound(round), imported,
                    ProgressBar.onStderr("serve", ProgressBar.Unit.ROWS).apply(settings.requestsPerRound()));
            rows.add(imported);
            requests += settings.requestsPerRound();
            Path model = SimulationLayout.model(folder, round);
            ModelArtifact trained = trainer.train(rows, model, folder.getFileName() + "-" + round);
            figures.add(new RoundFigures(name, rate, weighting, round, requests, tally.requestsSaved(),
                    tally.bidsLost(), tally.bidsLostPromised(), tally.labelledShare(), test.auc(trained),
                    referenceAuc[round], test.bayesAuc()));
            deployed = deploy(model);
        }
        return figures;
    }

    /** Loads an artifact the way a server does: verified, with thresholds picked for the recall target. */
    private ServingModel deploy(Path artifact) throws ArtifactException {
        return ModelLoader.load(ArtifactFiles.directory(artifact), serving);
    }
}
