package io.sluice.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.training.LabelWeighting;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationReportFilesTest {

    private static final SimulationSettings SETTINGS = new SimulationSettings(1000, 2, List.of(0.0, 0.05),
            List.of(LabelWeighting.NONE), 0.95, 1000, 1, 7);

    @TempDir
    Path dir;

    private static List<RoundFigures> figures() {
        List<RoundFigures> figures = new ArrayList<>();
        for (double rate : SETTINGS.explorationRates()) {
            String name = "explore " + rate + " / none";
            figures.add(new RoundFigures(name, rate, "none", 0, 1000, 0, BidLoss.NONE, 1, 0.75, 0.75, 0.78));
            figures.add(new RoundFigures(name, rate, "none", 1, 2000, 0.3, new BidLoss(0.06, 0.0003, 0.05, 0.004), 0.7,
                    0.74, 0.76, 0.78));
            figures.add(new RoundFigures(name, rate, "none", 2, 3000, 0.32, new BidLoss(0.07, 0.0003, 0.05, 0.004), 0.68,
                    0.735, 0.765, 0.78));
        }
        return figures;
    }

    @Test
    void thePageShowsOnePlotPerMeasureAndEveryRound() throws Exception {
        SimulationReportFiles.write(dir, SETTINGS, figures());

        String html = Files.readString(dir.resolve(SimulationReportFiles.HTML_FILE));
        assertThat(SimulationChart.values()).hasSize(3);
        for (SimulationChart chart : SimulationChart.values()) {
            assertThat(html).contains("<img src=\"" + chart.file() + "\"");
            BufferedImage image = ImageIO.read(dir.resolve(chart.file()).toFile());
            assertThat(image).as(chart.file()).isNotNull();
        }
        assertThat(html).contains("explore 0.05 / none", "requests saved", "bids lost", "auc gap to bayes");
        assertThat(html.split("<tr>")).hasSize(1 + 1 + 6);
    }

    @Test
    void theCsvAndJsonHoldEveryFigureOfEveryRound() throws Exception {
        SimulationReportFiles.write(dir, SETTINGS, figures());

        List<String> csv = Files.readAllLines(dir.resolve(SimulationReportFiles.CSV_FILE));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0)).isEqualTo(String.join(",", SimulationReportFiles.COLUMNS));
        assertThat(csv.get(2)).isEqualTo("explore 0.0 / none,0.0,none,1,2000,0.30000,0.06000,0.00030,0.05000,"
                + "0.00400,0.00401,0.70000,0.74000,0.76000,0.78000,0.04000,0.02000");
        String json = Files.readString(dir.resolve(SimulationReportFiles.JSON_FILE));
        assertThat(json).contains("\"requests_per_round\":1000", "\"exploration_rates\":[0.0,0.05]",
                "\"bids_lost_promised\":0.05", "\"bids_lost_promised_standard_error\":0.004",
                "\"auc_gap_to_reference\"");
    }

    @Test
    void aPromiseWithoutAStandardErrorIsNullInTheJson() throws Exception {
        List<RoundFigures> figures = List.of(new RoundFigures("explore 0.0 / none", 0, "none", 1, 2000, 0.3,
                new BidLoss(0.06, 0.0003, 0.05, Double.NaN), 0.7, 0.74, 0.76, 0.78));

        SimulationReportFiles.write(dir, SETTINGS, figures);

        assertThat(Files.readString(dir.resolve(SimulationReportFiles.JSON_FILE)))
                .contains("\"bids_lost_promised_standard_error\":null", "\"bids_lost_miss_standard_error\":null");
    }
}
