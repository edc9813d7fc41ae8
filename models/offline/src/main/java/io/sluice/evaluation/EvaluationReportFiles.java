package io.sluice.evaluation;

import com.google.protobuf.util.JsonFormat;
import io.sluice.api.v1.EvaluationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an evaluation report folder: {@value #SUMMARY_FILE} (the {@link EvaluationReport} as protobuf JSON),
 * {@value #HTML_FILE}, and one PNG per {@link ReportChart}.
 */
public final class EvaluationReportFiles {

    public static final String SUMMARY_FILE = "summary.json";
    public static final String HTML_FILE = "index.html";
    /** Partner panels per chart row (nine partners plus the pooled panel make two rows). */
    private static final int PANELS_PER_ROW = 5;

    private EvaluationReportFiles() {
    }

    public static void write(Path dir, EvaluationReport report, Evaluation evaluation) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SUMMARY_FILE), JsonFormat.printer().print(report) + "\n");
        for (ReportChart chart : ReportChart.values()) {
            ChartImage.writePng(chart.panels(evaluation), PANELS_PER_ROW, dir.resolve(chart.file()));
        }
        Files.writeString(dir.resolve(HTML_FILE), EvaluationHtml.render(report));
    }
}
