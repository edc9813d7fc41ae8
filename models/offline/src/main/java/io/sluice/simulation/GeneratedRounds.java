package io.sluice.simulation;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.api.v1.TrainingShard;
import io.sluice.ingest.ShardWriter;
import io.sluice.training.ProgressBar;
import io.sluice.training.SyntheticTraffic;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Writes a simulation's traffic once, from one stream of the generator so that rounds follow each other in time:
 * round 0, round 1, ... round N, then the test requests, the newest (as the trainer's own split tests on the
 * newest). Every row carries every partner's drawn outcome and true probability; the loop reveals only what a
 * server would learn.
 */
final class GeneratedRounds {

    /**
     * The time each round's requests spread over, whatever their number. The trainer validates on rows 80-90% of
     * its data by arrival and measures its threshold tables on rows 80-100%: on whole rounds of ten weeks that is
     * whole weeks, every hour of every weekday like the round the model then serves. With the generator's two weeks shared by
     * all rounds, round 0's validation split was a few hours of one afternoon, on which a threshold keeping 95% of
     * the bids kept 96.4% of the next round's.
     */
    static final Duration ROUND_SPAN = Duration.ofDays(70);

    private GeneratedRounds() {
    }

    /**
     * The generator of a simulation's traffic: its seed, and {@link #ROUND_SPAN} per round's worth of requests (the
     * test set gets its share of time at the same rate).
     */
    static SyntheticTraffic traffic(SimulationSettings settings) {
        SyntheticTraffic.Config defaults = SyntheticTraffic.Config.defaults(settings.seed());
        long requests = (long) settings.requestsPerRound() * (settings.rounds() + 1) + settings.testRequests();
        Duration span = Duration.ofSeconds(ROUND_SPAN.toSeconds() * requests / settings.requestsPerRound());
        return new SyntheticTraffic(new SyntheticTraffic.Config(defaults.seed(), defaults.start(), span,
                defaults.domains(), defaults.slotsPerDomain()));
    }

    /** Writes every round and the test set; returns the rounds' shards, round 0 first. */
    static List<TrainingShard> write(SyntheticTraffic traffic, SimulationSettings settings, SimulationLayout layout,
                                     LongFunction<ProgressBar> progress) throws IOException {
        long total = (long) settings.requestsPerRound() * (settings.rounds() + 1) + settings.testRequests();
        Files.createDirectories(layout.generated());
        ProgressBar bar = progress.apply(total);
        Iterator<LabeledBidRequest> rows = traffic.rows(total);
        List<TrainingShard> rounds = new ArrayList<>();
        for (int round = 0; round <= settings.rounds(); round++) {
            rounds.add(copy(rows, settings.requestsPerRound(), layout, SimulationLayout.roundShard(round), bar,
                    (long) round * settings.requestsPerRound()));
        }
        copy(rows, settings.testRequests(), layout, layout.testSet().getFileName().toString(), bar,
                total - settings.testRequests());
        bar.finish(total, "generated " + (settings.rounds() + 1) + " rounds and the test set");
        return rounds;
    }

    /** Writes the next {@code count} rows as shard {@code file}; {@code before} rows were written earlier. */
    private static TrainingShard copy(Iterator<LabeledBidRequest> rows, int count, SimulationLayout layout,
                                      String file, ProgressBar bar, long before) throws IOException {
        try (ShardWriter writer = ShardWriter.create(layout.generated(), file)) {
            for (int i = 1; i <= count; i++) {
                writer.write(rows.next());
                bar.update(before + i, file);
            }
            return writer.finish();
        }
    }
}
