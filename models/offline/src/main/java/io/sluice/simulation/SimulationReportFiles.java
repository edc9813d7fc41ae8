package io.sluice.simulation;

import io.sluice.evaluation.ChartImage;
import io.sluice.evaluation.EvaluationHtml;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a simulation's report into its output folder: {@value #CSV_FILE} and {@value #JSON_FILE} (the figures of
 * every configuration and round), one PNG per {@link SimulationChart}, and {@value #HTML_FILE} showing them.
 */
public final class SimulationReportFiles {

    public static final String CSV_FILE = "rounds.csv";
    public static final String JSON_FILE = "rounds.json";
    public static final String HTML_FILE = "index.html";
    /** The CSV's columns, also the JSON's names of a round's figures. */
    static final List<String> COLUMNS = List.of("configuration", "exploration_rate", "weighting", "round",
            "requests_trained_on", "requests_saved", "bids_lost", "bids_lost_standard_error", "bids_lost_promised",
            "bids_lost_promised_standard_error", "bids_lost_miss_standard_error", "labelled_share", "auc",
            "reference_auc", "bayes_auc", "auc_gap_to_bayes", "auc_gap_to_reference");

    private SimulationReportFiles() {
    }

    /** Writes the report of {@code figures}, run with {@code settings}, into {@code dir}. */
    public static void write(Path dir, SimulationSettings settings, List<RoundFigures> figures) throws IOException {
        Files.createDirectories(dir);
        List<String> csv = new ArrayList<>();
        csv.add(String.join(",", COLUMNS));
        figures.forEach(f -> csv.add(String.join(",", values(f))));
        Files.write(dir.resolve(CSV_FILE), csv);
        Files.writeString(dir.resolve(JSON_FILE), json(settings, figures));
        for (SimulationChart chart : SimulationChart.values()) {
            ChartImage.writePng(List.of(chart.panel(figures)), 1, dir.resolve(chart.file()));
        }
        Files.writeString(dir.resolve(HTML_FILE), html(settings, figures));
    }

    /** A round's figures in {@link #COLUMNS} order, as text (shares and AUCs to 5 decimals). */
    static List<String> values(RoundFigures f) {
        BidLoss bids = f.bidsLost();
        return List.of(f.configuration(), Double.toString(f.explorationRate()), f.weighting(),
                Integer.toString(f.round()), Long.toString(f.requestsTrainedOn()), decimal(f.requestsSaved()),
                decimal(bids.lost()), decimal(bids.lostStandardError()), decimal(bids.promised()),
                decimal(bids.promisedStandardError()), decimal(bids.missStandardError()), decimal(f.labelledShare()),
                decimal(f.auc()),
                decimal(f.referenceAuc()), decimal(f.bayesAuc()), decimal(f.aucGapToBayes()),
                decimal(f.aucGapToReference()));
    }

    private static String json(SimulationSettings settings, List<RoundFigures> figures) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeName("settings");
            json.writeStartObject();
            json.writeNumberProperty("requests_per_round", settings.requestsPerRound());
            json.writeNumberProperty("rounds", settings.rounds());
            json.writeName("exploration_rates");
            json.writeStartArray();
            settings.explorationRates().forEach(json::writeNumber);
            json.writeEndArray();
            json.writeName("weightings");
            json.writeStartArray();
            settings.weightings().forEach(weighting -> json.writeString(weighting.toString()));
            json.writeEndArray();
            json.writeNumberProperty("recall_target", settings.recallTarget());
            json.writeNumberProperty("test_requests", settings.testRequests());
            json.writeNumberProperty("epochs", settings.epochs());
            json.writeNumberProperty("seed", settings.seed());
            json.writeEndObject();
            json.writeName("rounds");
            json.writeStartArray();
            for (RoundFigures f : figures) {
                json.writeStartObject();
                json.writeStringProperty("configuration", f.configuration());
                json.writeNumberProperty("exploration_rate", f.explorationRate());
                json.writeStringProperty("weighting", f.weighting());
                json.writeNumberProperty("round", f.round());
                json.writeNumberProperty("requests_trained_on", f.requestsTrainedOn());
                json.writeNumberProperty("requests_saved", f.requestsSaved());
                json.writeNumberProperty("bids_lost", f.bidsLost().lost());
                writeOrNull(json, "bids_lost_standard_error", f.bidsLost().lostStandardError());
                json.writeNumberProperty("bids_lost_promised", f.bidsLost().promised());
                writeOrNull(json, "bids_lost_promised_standard_error", f.bidsLost().promisedStandardError());
                writeOrNull(json, "bids_lost_miss_standard_error", f.bidsLost().missStandardError());
                json.writeNumberProperty("labelled_share", f.labelledShare());
                json.writeNumberProperty("auc", f.auc());
                json.writeNumberProperty("reference_auc", f.referenceAuc());
                json.writeNumberProperty("bayes_auc", f.bayesAuc());
                json.writeNumberProperty("auc_gap_to_bayes", f.aucGapToBayes());
                json.writeNumberProperty("auc_gap_to_reference", f.aucGapToReference());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out + "\n";
    }

    /** A number, or null when it is not known (NaN has no JSON form). */
    private static void writeOrNull(JsonGenerator json, String name, double value) {
        if (Double.isNaN(value)) {
            json.writeNullProperty(name);
        } else {
            json.writeNumberProperty(name, value);
        }
    }

    private static String html(SimulationSettings settings, List<RoundFigures> figures) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>Sluice shaping simulation</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}img{max-width:100%}.note{color:#555}\n")
                .append("</style></head><body>\n<h1>Sluice shaping simulation</h1>\n<p>")
                .append(String.format(Locale.ROOT, "%,d requests per round, %d shaped rounds after a fully labelled "
                        + "round 0, recall target %s, unbiased test set of %,d requests, at most %d epochs per "
                        + "training, seed %d.", settings.requestsPerRound(), settings.rounds(),
                        settings.recallTarget(), settings.testRequests(), settings.epochs(), settings.seed()))
                .append("</p>\n<p class=\"note\">Requests saved: share of (request, partner) pairs not sent. Bids "
                        + "lost: share of the generator's true bids whose request was not sent to the partner. "
                        + "Promised: what the serving thresholds' recall target promised to lose, less the share "
                        + "exploration sends anyway. Standard "
                        + "errors: of bids lost, binomial over the round's bids; of the promise, from the number of "
                        + "held-out bids behind each partner's table (an explored bid of weight 1/p counts as "
                        + "(1/p)^2 in the variance); of the miss (lost - promised), both together. A miss within 2 "
                        + "of its standard errors is noise; beyond it, the promise is biased. AUC: mean per-partner "
                        + "AUC on the unbiased test set, "
                        + "of the model trained after the round; the reference is trained with every label of the "
                        + "same requests.</p>\n");
        for (SimulationChart chart : SimulationChart.values()) {
            html.append("<h2>").append(EvaluationHtml.escape(chart.caption())).append("</h2>\n<img src=\"")
                    .append(chart.file()).append("\" alt=\"").append(EvaluationHtml.escape(chart.caption()))
                    .append("\">\n");
        }
        html.append("<h2>Every round</h2>\n<table>\n<tr>");
        COLUMNS.forEach(c -> html.append("<th>").append(c.replace('_', ' ')).append("</th>"));
        html.append("</tr>\n");
        for (RoundFigures f : figures) {
            html.append("<tr>");
            List<String> values = new ArrayList<>(values(f));
            values.set(0, f.configuration());
            values.forEach(v -> html.append("<td>").append(EvaluationHtml.escape(v)).append("</td>"));
            html.append("</tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.5f", value);
    }
}
