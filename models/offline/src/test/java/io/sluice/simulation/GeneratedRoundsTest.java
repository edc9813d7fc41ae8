package io.sluice.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.v1.LabeledBidRequest;
import io.sluice.features.RequestTime;
import io.sluice.training.LabelWeighting;
import io.sluice.training.LabeledRequestReader;
import io.sluice.training.ProgressBar;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedRoundsTest {

    private static final SimulationSettings SETTINGS = new SimulationSettings(10_000, 1, List.of(0.0),
            List.of(LabelWeighting.NONE), 0.95, 1000, 1, 3);
    /** The generator's publishers are all at UTC+8. */
    private static final int UTC_OFFSET_MINUTES = 480;

    @TempDir
    Path dir;

    private static List<Instant> arrivals(Path shard) throws Exception {
        List<Instant> arrivals = new ArrayList<>();
        try (LabeledRequestReader rows = new LabeledRequestReader(shard, false)) {
            while (rows.hasNext()) {
                LabeledBidRequest row = rows.next();
                arrivals.add(Instant.ofEpochSecond(row.getArrivalTime().getSeconds(), row.getArrivalTime().getNanos()));
            }
        }
        return arrivals;
    }

    @Test
    void theValidationSplitOfATrainingOnRoundZeroSeesEveryHourAndWeekdayTheNextRoundServes() throws Exception {
        SimulationLayout layout = new SimulationLayout(dir);
        GeneratedRounds.write(GeneratedRounds.traffic(SETTINGS), SETTINGS, layout, ProgressBar.hidden());

        List<Instant> round0 = arrivals(layout.generatedRound(0));
        List<Instant> round1 = arrivals(layout.generatedRound(1));
        // The trainer's default split validates on rows 80-90% by arrival.
        Set<Integer> hours = new HashSet<>();
        Set<Integer> weekdays = new HashSet<>();
        for (Instant arrival : round0.subList(round0.size() * 8 / 10, round0.size() * 9 / 10)) {
            RequestTime time = RequestTime.at(arrival, UTC_OFFSET_MINUTES);
            hours.add(time.hourOfDay());
            weekdays.add(time.weekday());
        }
        assertThat(hours).hasSize(24);
        assertThat(weekdays).hasSize(7);
        assertThat(Duration.between(round0.get(0), round1.get(0)))
                .isCloseTo(GeneratedRounds.ROUND_SPAN, Duration.ofHours(12));
    }
}
