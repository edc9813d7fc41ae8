package io.sluice.offline;

import io.sluice.BadInputException;
import io.sluice.simulation.ClosedLoopSimulation;
import io.sluice.simulation.BidLoss;
import io.sluice.simulation.RoundFigures;
import io.sluice.simulation.SimulationReportFiles;
import io.sluice.simulation.SimulationSettings;
import io.sluice.training.LabelWeighting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice simulate}: the closed loop of a shaped model on generated traffic whose ground truth is known. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate what turning traffic shaping on does to the model that shapes: serve generated "
                + "traffic with the shaping policy, learn outcomes only for the partners sent, retrain on those "
                + "partial labels, deploy, and again, per exploration rate. Reports per round the requests saved, "
                + "the true bids lost against what the recall target promised, and the AUC on an unbiased test set "
                + "against the Bayes ceiling and a model trained with every label. Writes index.html, PNG plots, "
                + "rounds.csv and rounds.json.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--requests-per-round", defaultValue = "100000",
            description = "Requests generated per round, the fully labelled round 0 included (default: "
                    + "${DEFAULT-VALUE}).")
    int requestsPerRound;

    @Option(names = "--rounds", defaultValue = "3", description = "Shaped rounds after round 0 (default: "
            + "${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--exploration", split = ",", defaultValue = "0,0.01,0.05", paramLabel = "RATE",
            description = "Exploration rates to simulate, one configuration each (default: ${DEFAULT-VALUE}).")
    List<Double> explorationRates;

    @Option(names = "--weighting", split = ",", defaultValue = "none", paramLabel = "WEIGHTING",
            description = "The trainer's weightings of exploration sends to compare, one configuration each: none "
                    + "or inverse-propensity (default: ${DEFAULT-VALUE}).")
    List<String> weightings;

    @Option(names = "--max-weight", paramLabel = "W", description = "Cap on an inverse-propensity weight, as "
            + "sluice train's (default: none).")
    Double maxWeight;

    @Option(names = "--recall-target", defaultValue = "0.95",
            description = "Share of each partner's bids its serving threshold keeps (default: ${DEFAULT-VALUE}).")
    double recallTarget;

    @Option(names = "--test-requests", defaultValue = "100000",
            description = "Requests of the unbiased, fully labelled test set (default: ${DEFAULT-VALUE}).")
    int testRequests;

    @Option(names = "--epochs", defaultValue = "2", description = "Most epochs per training (default: "
            + "${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the traffic, its ground truth, "
            + "exploration and training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the data, models and "
            + "report.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<LabelWeighting> weighted = weightings.stream().map(w -> new LabelWeighting(LabelWeighting.Scheme.parse(w),
                maxWeight == null ? Double.POSITIVE_INFINITY : maxWeight)).toList();
        SimulationSettings settings = new SimulationSettings(requestsPerRound, rounds, explorationRates, weighted,
                recallTarget, testRequests, epochs, seed);
        requireNewFolder(out);
        long startNanos = System.nanoTime();
        List<RoundFigures> figures = new ClosedLoopSimulation(settings, out, System.err).run();
        SimulationReportFiles.write(out, settings, figures);
        printSummary(figures);
        System.err.printf("wrote %s in %.0f s%n", out.resolve(SimulationReportFiles.HTML_FILE),
                (System.nanoTime() - startNanos) / 1e9);
        return 0;
    }

    /** A run writes its data, models and report afresh; mixing them with an earlier run's would mislead. */
    private static void requireNewFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException("--out " + folder + " is not empty; give a new folder");
                }
            }
        }
    }

    /** One line per configuration and round on stdout (progress went to stderr), so it can be captured alone. */
    private void printSummary(List<RoundFigures> figures) {
        PrintWriter stdout = spec.commandLine().getOut();
        int width = figures.stream().mapToInt(f -> f.configuration().length()).max().orElse(0);
        String name = "%-" + Math.max(width, "configuration".length()) + "s";
        stdout.printf(name + " %5s %12s %8s %10s %10s %16s %12s %14s%n", "configuration", "round", "trained on",
                "saved", "bids lost", "promised", "miss (2 s.e.)", "AUC gap", "full-label gap");
        for (RoundFigures f : figures) {
            BidLoss bids = f.bidsLost();
            stdout.printf(name + " %5d %,12d %7.1f%% %9.2f%% %9.2f%% %+7.2f (%5.2f) %12.4f %14.4f%n",
                    f.configuration(), f.round(), f.requestsTrainedOn(), 100 * f.requestsSaved(), 100 * bids.lost(),
                    100 * bids.promised(), 100 * bids.miss(), 200 * bids.missStandardError(), f.aucGapToBayes(),
                    f.referenceAucGapToBayes());
        }
        stdout.flush();
    }
}
