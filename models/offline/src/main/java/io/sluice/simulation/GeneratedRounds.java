package io.sluice.simulation;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.training.LabeledRequestWriter;
import io.sluice.training.ProgressBar;
import io.sluice.training.SyntheticTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.LongFunction;

/**
 * Writes a simulation's traffic once, from one stream of the generator so that rounds follow each other in time:
 * round 0, round 1, ... round N, then the test requests, the newest (as the trainer's own split tests on the
 * newest). Every row carries every partner's drawn outcome and true probability; the loop reveals only what a
 * server would learn.
 */
final class GeneratedRounds {

    private GeneratedRounds() {
    }

    static void write(SyntheticTraffic traffic, SimulationSettings settings, SimulationLayout layout,
                      LongFunction<ProgressBar> progress) throws IOException {
        long total = (long) settings.requestsPerRound() * (settings.rounds() + 1) + settings.testRequests();
        Files.createDirectories(layout.testSet().getParent());
        ProgressBar bar = progress.apply(total);
        Iterator<LabeledBidRequest> rows = traffic.rows(total);
        long written = 0;
        for (int round = 0; round <= settings.rounds(); round++) {
            written = copy(rows, settings.requestsPerRound(), layout.generatedRound(round), bar, written);
        }
        written = copy(rows, settings.testRequests(), layout.testSet(), bar, written);
        bar.finish(written, "generated " + (settings.rounds() + 1) + " rounds and the test set");
    }

    private static long copy(Iterator<LabeledBidRequest> rows, int count, Path file, ProgressBar bar, long written)
            throws IOException {
        try (LabeledRequestWriter writer = new LabeledRequestWriter(file)) {
            for (int i = 0; i < count; i++) {
                writer.write(rows.next());
                bar.update(++written, file.getFileName().toString());
            }
        }
        return written;
    }
}
