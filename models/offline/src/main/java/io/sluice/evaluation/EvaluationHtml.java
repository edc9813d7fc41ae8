package io.sluice.evaluation;

import com.google.protobuf.util.Timestamps;
import io.sluice.api.v1.EvaluationReport;
import io.sluice.api.v1.PartnerEvaluation;
import io.sluice.api.v1.ReliabilityBin;
import io.sluice.api.v1.ScorerEvaluation;
import io.sluice.training.ScoreSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The human-readable evaluation report: one self-contained HTML page (inline CSS, no scripts, images beside it)
 * with the metric tables of every scorer next to the Bayes-optimal ceiling, the reliability tables, and the
 * charts.
 */
public final class EvaluationHtml {

    private EvaluationHtml() {
    }

    public static String render(EvaluationReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>Sluice model evaluation</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}img{max-width:100%}.note{color:#555}\n")
                .append("</style></head><body>\n<h1>Sluice model evaluation</h1>\n<p>");
        html.append("Data: <code>").append(escape(report.getDataSource())).append("</code> (sha256 <code>")
                .append(escape(report.getDataSha256())).append("</code>)<br>\nRows: ")
                .append(escape(report.getRowsEvaluated())).append("; bad rows skipped: ")
                .append(report.getSkippedRows()).append("<br>\nEvaluated at ")
                .append(Timestamps.toString(report.getCreatedAt())).append("</p>\n");
        boolean bayes = report.getBayesOptimalCount() > 0;
        html.append(bayes
                ? "<p class=\"note\">Bayes-optimal: the generator's true probabilities scored as if they were a model, "
                        + "the best any model can do on these rows (its ECE is the sampling noise floor).</p>\n"
                : "<p class=\"note\">The data carries no true probabilities, so there is no Bayes-optimal ceiling.</p>\n");
        html.append(String.format("<p class=\"note\">Precision: scores are counted in histograms of %,d bins (about "
                + "0.001 wide in logit), so each AUC is within %.1e of the exact figure (the largest bound of this "
                + "report) and thresholds fall on bin edges.</p>%n", ScoreSummary.BINS, largestAucError(report)));

        table(html, report, "ROC AUC (from probabilities)", PartnerEvaluation::getAuc, "%.4f", bayes, true);
        table(html, report, "Log loss (nats)", PartnerEvaluation::getLogLoss, "%.4f", bayes, true);
        table(html, report, "Expected calibration error", PartnerEvaluation::getEce, "%.4f", bayes, false);
        table(html, report, "Share of requests filtered while keeping 95% of bids",
                PartnerEvaluation::getFilteredShareKeeping95Percent, "%.3f", bayes, true);
        table(html, report, "Share of requests filtered while keeping 99% of bids",
                PartnerEvaluation::getFilteredShareKeeping99Percent, "%.3f", bayes, true);

        for (ReportChart chart : ReportChart.values()) {
            html.append("<h2>").append(escape(chart.caption())).append("</h2>\n<img src=\"").append(chart.file())
                    .append("\" alt=\"").append(escape(chart.caption())).append("\">\n");
        }
        html.append("<h2>Reliability tables</h2>\n");
        for (ScorerEvaluation scorer : report.getScorersList()) {
            reliability(html, scorer);
        }
        return html.append("</body></html>\n").toString();
    }

    /** The largest {@code auc_max_error} of any labelled column of the report (0 when none is labelled). */
    private static double largestAucError(EvaluationReport report) {
        List<PartnerEvaluation> columns = new ArrayList<>(report.getBayesOptimalList());
        report.getScorersList().forEach(scorer -> columns.addAll(scorer.getPartnersList()));
        return columns.stream().filter(c -> c.getRows() > 0).mapToDouble(PartnerEvaluation::getAucMaxError)
                .max().orElse(0);
    }

    /**
     * One row per partner; a column per scorer, plus the ceiling first and each scorer's gap to it when
     * {@code withGap}.
     */
    private static void table(StringBuilder html, EvaluationReport report, String title,
                              ToDoubleFunction<PartnerEvaluation> metric, String format, boolean bayes,
                              boolean withGap) {
        List<String> header = new ArrayList<>(List.of("partner", "rows", "bids"));
        if (bayes) {
            header.add(Evaluation.BAYES_OPTIMAL);
        }
        for (ScorerEvaluation scorer : report.getScorersList()) {
            header.add(scorer.getName());
            if (bayes && withGap) {
                header.add("gap to Bayes");
            }
        }
        html.append("<h2>").append(escape(title)).append("</h2>\n<table>\n<tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>\n");
        List<PartnerEvaluation> first = report.getScorers(0).getPartnersList();
        for (int p = 0; p < first.size(); p++) {
            PartnerEvaluation row = first.get(p);
            html.append("<tr><td>").append(escape(row.getPartnerId())).append("</td><td>").append(row.getRows())
                    .append("</td><td>").append(row.getPositives()).append("</td>");
            if (row.getRows() == 0) {
                html.append("<td colspan=\"").append(header.size() - 3).append("\">").append(Evaluation.NO_LABELLED_ROWS)
                        .append("</td></tr>\n");
                continue;
            }
            double ceiling = bayes ? metric.applyAsDouble(report.getBayesOptimal(p)) : Double.NaN;
            if (bayes) {
                html.append("<td>").append(String.format(format, ceiling)).append("</td>");
            }
            for (ScorerEvaluation scorer : report.getScorersList()) {
                double value = metric.applyAsDouble(scorer.getPartners(p));
                html.append("<td>").append(String.format(format, value)).append("</td>");
                if (bayes && withGap) {
                    html.append("<td>").append(String.format("%+.4f", value - ceiling)).append("</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void reliability(StringBuilder html, ScorerEvaluation scorer) {
        html.append("<details><summary>").append(escape(scorer.getName()))
                .append(": rows / mean predicted / observed rate per bin</summary>\n<table>\n<tr><th>partner</th>");
        for (ReliabilityBin bin : scorer.getPartners(0).getReliabilityList()) {
            html.append(String.format("<th>[%.1f, %.1f)</th>", bin.getLower(), bin.getUpper()));
        }
        html.append("</tr>\n");
        for (PartnerEvaluation partner : scorer.getPartnersList()) {
            html.append("<tr><td>").append(escape(partner.getPartnerId())).append("</td>");
            for (ReliabilityBin bin : partner.getReliabilityList()) {
                html.append(bin.getRows() == 0 ? "<td>0</td>" : String.format("<td>%d / %.3f / %.3f</td>",
                        bin.getRows(), bin.getMeanPredicted(), bin.getObservedRate()));
            }
            html.append("</tr>\n");
        }
        html.append("</table></details>\n");
    }

    /** {@code text} made safe inside HTML text and attribute values. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
