package io.sluice.simulation;

import io.sluice.evaluation.AxisRange;
import io.sluice.evaluation.ChartPanel;
import io.sluice.evaluation.Series;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The simulation report's plots, one per measure, each with one line per configuration over the rounds, and dashed,
 * what the measure is held against: the recall target's promise (one per configuration, in its colour) or the
 * full-label model on the same requests (the same for all, in grey).
 */
enum SimulationChart {
    REQUESTS_SAVED("requests-saved.png", "requests saved",
            "Requests saved: share of (request, partner) sends that shaping avoided",
            "share of sends avoided", RoundFigures::requestsSaved, null, null, "%.2f"),
    BIDS_LOST("bids-lost.png", "bids lost",
            "Bids lost: share of the true bids that were not sent (dashed: what the recall target promised)",
            "share of true bids lost", f -> f.bidsLost().lost(), f -> f.bidsLost().promised(), "promised", "%.3f"),
    AUC_GAP("auc-gap.png", "AUC gap to Bayes",
            "Mean per-partner AUC gap to the Bayes ceiling on the unbiased test set (dashed grey: the model trained "
                    + "with every label of the same requests)",
            "Bayes AUC - model AUC", RoundFigures::aucGapToBayes, RoundFigures::referenceAucGapToBayes, null,
            "%.3f");

    private static final Color SHARED_REFERENCE = new Color(0x555555);
    private static final String SHARED_REFERENCE_NAME = "full labels, same requests";
    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2)};

    private final String file;
    private final String title;
    private final String caption;
    private final String yLabel;
    private final ToDoubleFunction<RoundFigures> measure;
    private final ToDoubleFunction<RoundFigures> against;
    /** Name suffix of each configuration's own dashed line, or null when one grey line serves all. */
    private final String againstSuffix;
    private final String tickFormat;

    SimulationChart(String file, String title, String caption, String yLabel, ToDoubleFunction<RoundFigures> measure,
                    ToDoubleFunction<RoundFigures> against, String againstSuffix, String tickFormat) {
        this.file = file;
        this.title = title;
        this.caption = caption;
        this.yLabel = yLabel;
        this.measure = measure;
        this.against = against;
        this.againstSuffix = againstSuffix;
        this.tickFormat = tickFormat;
    }

    String file() {
        return file;
    }

    String caption() {
        return caption;
    }

    /** The plot of this measure over {@code figures}' rounds, one colour per configuration. */
    ChartPanel panel(List<RoundFigures> figures) {
        Map<String, List<RoundFigures>> byConfiguration = new LinkedHashMap<>();
        figures.forEach(f -> byConfiguration.computeIfAbsent(f.configuration(), c -> new ArrayList<>()).add(f));
        List<Series> series = new ArrayList<>();
        double top = 0;
        int lastRound = 1;
        int c = 0;
        for (Map.Entry<String, List<RoundFigures>> configuration : byConfiguration.entrySet()) {
            Color color = COLORS[c++ % COLORS.length];
            List<RoundFigures> rounds = configuration.getValue();
            double[] x = rounds.stream().mapToDouble(RoundFigures::round).toArray();
            double[] y = rounds.stream().mapToDouble(measure).toArray();
            series.add(new Series(configuration.getKey(), color, false, x, y));
            top = Math.max(top, max(y));
            if (against != null && (againstSuffix != null || c == 1)) {
                double[] reference = rounds.stream().mapToDouble(against).toArray();
                series.add(againstSuffix != null
                        ? new Series(configuration.getKey() + ": " + againstSuffix, color, true, x, reference)
                        : new Series(SHARED_REFERENCE_NAME, SHARED_REFERENCE, true, x, reference));
                top = Math.max(top, max(reference));
            }
            lastRound = Math.max(lastRound, rounds.get(rounds.size() - 1).round());
        }
        return new ChartPanel(title, "round", yLabel, new AxisRange(0, lastRound, "%.1f"),
                new AxisRange(0, top > 0 ? top * 1.15 : 1, tickFormat), series);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
