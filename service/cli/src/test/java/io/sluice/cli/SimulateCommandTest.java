package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.simulation.SimulationReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice simulate} end to end on a tiny run: one shaped round after the fully labelled start. */
class SimulateCommandTest {

    @TempDir
    static Path dir;
    private static final CapturedCli CLI = new CapturedCli();
    private static int exit;

    @BeforeAll
    static void simulate() {
        exit = CLI.run("simulate", "--requests-per-round", "3000", "--rounds", "1", "--exploration", "0.05",
                "--test-requests", "2000", "--epochs", "1", "--seed", "5", "--out", dir.toString());
    }

    /** Where the CSV's header puts {@code name}. */
    private static int column(String name) throws Exception {
        return List.of(Files.readAllLines(dir.resolve(SimulationReportFiles.CSV_FILE)).get(0).split(",")).indexOf(name);
    }

    /** The CSV's rows as columns, header skipped. */
    private static List<String[]> rounds() throws Exception {
        return Files.readAllLines(dir.resolve(SimulationReportFiles.CSV_FILE)).stream().skip(1)
                .map(line -> line.split(",")).toList();
    }

    @Test
    void aShapedRoundSavesRequestsAndLabelsExactlyThePairsItSent() throws Exception {
        assertThat(exit).as(CLI.err()).isZero();
        List<String[]> rounds = rounds();
        assertThat(rounds).extracting(r -> r[3]).containsExactly("0", "1");
        String[] shaped = rounds.get(1);
        double saved = Double.parseDouble(shaped[column("requests_saved")]);
        double bidsLost = Double.parseDouble(shaped[column("bids_lost")]);
        double labelled = Double.parseDouble(shaped[column("labelled_share")]);
        double promisedError = Double.parseDouble(shaped[column("bids_lost_promised_standard_error")]);
        assertThat(saved).isBetween(0.01, 0.99);
        assertThat(bidsLost).isBetween(0.0, saved);
        // Only the partners sent come back labelled: every pair is either saved or labelled.
        assertThat(labelled).isCloseTo(1 - saved, within(1e-4));
        // A few hundred held-out bids per partner: the promise is known to within about a point, not exactly.
        assertThat(promisedError).isBetween(0.001, 0.05);
        assertThat(shaped[column("requests_trained_on")]).isEqualTo("6000");
    }

    @Test
    void theReportHasAPlotPerMeasureAndStdoutASummaryLinePerRound() throws Exception {
        assertThat(exit).as(CLI.err()).isZero();
        String html = Files.readString(dir.resolve(SimulationReportFiles.HTML_FILE));
        for (String plot : List.of("requests-saved.png", "bids-lost.png", "auc-gap.png")) {
            assertThat(html).contains("<img src=\"" + plot + "\"");
            assertThat(dir.resolve(plot)).isRegularFile();
        }
        assertThat(dir.resolve(SimulationReportFiles.JSON_FILE)).isRegularFile();
        assertThat(CLI.out().lines()).hasSize(3);
        assertThat(CLI.out().lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("explore 0.05 / none"));
    }
}
