package io.sluice.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.EvaluationReport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportFilesTest {

    @TempDir
    Path dir;

    @Test
    void reportFolderHoldsTheJsonSummaryTheHtmlPageAndOnePngPerChart() throws Exception {
        Evaluation evaluation = EvaluationTest.evaluateNoisyModel(EvaluationTest.rows(true));
        EvaluationReport report = evaluation.report().setDataSource("data.jsonl").setRowsEvaluated("all 4000 rows")
                .build();

        EvaluationReportFiles.write(dir, report, evaluation);

        EvaluationReport.Builder parsed = EvaluationReport.newBuilder();
        JsonFormat.parser().merge(Files.readString(dir.resolve(EvaluationReportFiles.SUMMARY_FILE)), parsed);
        assertThat(parsed.build()).isEqualTo(report);
        for (ReportChart chart : ReportChart.values()) {
            BufferedImage image = ImageIO.read(dir.resolve(chart.file()).toFile());
            assertThat(image).as(chart.file()).isNotNull();
            assertThat(inkedShare(image)).as("share of drawn pixels in " + chart.file()).isGreaterThan(0.02);
        }
        String html = Files.readString(dir.resolve(EvaluationReportFiles.HTML_FILE));
        assertThat(html).contains("<img src=\"roc.png\"", "<img src=\"calibration.png\"", "<img src=\"filter.png\"",
                "ROC AUC", "Log loss", "Expected calibration error", "keeping 95% of bids", "keeping 99% of bids",
                Evaluation.BAYES_OPTIMAL, "model", "data.jsonl",
                "Precision: scores are counted in histograms of 32,768 bins");
    }

    @Test
    void summaryJsonNamesEveryFigureTheIssueAsksFor() throws Exception {
        Evaluation evaluation = EvaluationTest.evaluateNoisyModel(EvaluationTest.rows(true));
        EvaluationReportFiles.write(dir, evaluation.report().build(), evaluation);

        String json = Files.readString(dir.resolve(EvaluationReportFiles.SUMMARY_FILE));
        assertThat(json).contains("\"scorers\"", "\"bayesOptimal\"", "\"auc\"", "\"logLoss\"", "\"ece\"",
                "\"reliability\"", "\"aucMaxError\"", "\"filteredShareKeeping95Percent\"",
                "\"filteredShareKeeping99Percent\"");
    }

    @Test
    void aPartnerNoRowLabelsReadsAsNoLabelledRowsInTheReport() throws Exception {
        Evaluation evaluation = EvaluationTest.evaluateNoisyModel(EvaluationTest.rowsNotLabellingB());

        EvaluationReportFiles.write(dir, evaluation.report().build(), evaluation);

        String html = Files.readString(dir.resolve(EvaluationReportFiles.HTML_FILE));
        assertThat(html).contains("<tr><td>b</td><td>0</td><td>0</td><td colspan=\"3\">"
                + Evaluation.NO_LABELLED_ROWS + "</td></tr>").doesNotContain("NaN");
        for (ReportChart chart : ReportChart.values()) {
            assertThat(ImageIO.read(dir.resolve(chart.file()).toFile())).as(chart.file()).isNotNull();
        }
    }

    private static double inkedShare(BufferedImage image) {
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                inked += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return (double) inked / ((long) image.getWidth() * image.getHeight());
    }

    @Test
    void htmlEscapesNames() {
        assertThat(EvaluationHtml.escape("<b>\"x\" & y</b>")).isEqualTo("&lt;b&gt;&quot;x&quot; &amp; y&lt;/b&gt;");
    }
}
