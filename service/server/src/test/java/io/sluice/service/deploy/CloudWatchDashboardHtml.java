package io.sluice.service.deploy;

import io.sluice.service.deploy.RecordedWidget.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CloudWatch dashboard body drawn as one HTML page, one small SVG chart per widget, from a recording of
 * {@code /metrics}: a stand-in for a screenshot of the dashboard, in the style of the evaluation report.
 */
final class CloudWatchDashboardHtml {

    /** A widget as drawn: its title, lines, and horizontal annotations (label, value). */
    record Chart(String title, List<Line> lines, List<Line> annotations) {
    }

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
        "#17becf", "#bcbd22", "#7f7f7f", "#d62728"};
    private static final int WIDTH = 360;
    private static final int HEIGHT = 170;
    private static final int LEFT = 52;
    private static final int BOTTOM = 22;

    private CloudWatchDashboardHtml() {
    }

    static List<Chart> charts(Tree body, MetricsRecording recording) {
        List<Chart> charts = new ArrayList<>();
        for (Tree widget : body.get("widgets").list()) {
            List<Line> annotations = new ArrayList<>();
            for (Tree annotation : widget.at("properties", "annotations", "horizontal").list()) {
                annotations.add(new Line(annotation.get("label").string(),
                        new double[] {Double.parseDouble(annotation.get("value").string())}));
            }
            charts.add(new Chart(widget.at("properties", "title").string(), RecordedWidget.lines(recording, widget),
                    annotations));
        }
        return charts;
    }

    static String render(List<Chart> charts, MetricsRecording recording) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>Sluice CloudWatch dashboard, drawn from a recorded load run</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}.note{color:#555}")
                .append(".grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #ccc;")
                .append("padding:6px;width:").append(WIDTH).append("px}figcaption{font-weight:bold;font-size:13px}")
                .append(".legend{font-size:11px;color:#333}.legend span{margin-right:8px;white-space:nowrap}\n")
                .append("</style></head><body>\n<h1>Sluice CloudWatch dashboard</h1>\n<p class=\"note\">")
                .append("Each widget of <code>k8s-or-ecs/ecs/sluice-ecs.yaml</code>'s dashboard body, its metrics, ")
                .append("SEARCH expressions and metric math evaluated on ").append(recording.scrapes().size())
                .append(" scrapes of <code>/metrics</code> over ")
                .append(fmt(recording.scrapes().get(recording.intervals()).seconds()))
                .append(" s of a local load run (x axis: seconds into the run). Metrics only AWS publishes ")
                .append("(ECS/ContainerInsights) are not in the recording.</p>\n<div class=\"grid\">\n");
        for (Chart chart : charts) {
            html.append("<figure><figcaption>").append(escape(chart.title())).append("</figcaption>\n");
            svg(html, chart, recording);
            html.append("<div class=\"legend\">");
            for (int i = 0; i < chart.lines().size(); i++) {
                html.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">&#9632; ")
                        .append(escape(chart.lines().get(i).label())).append("</span>\n");
            }
            for (Line annotation : chart.annotations()) {
                html.append("<span style=\"color:#d62728\">- - ").append(escape(annotation.label())).append(" (")
                        .append(fmt(annotation.values()[0])).append(")</span>\n");
            }
            html.append("</div></figure>\n");
        }
        return html.append("</div></body></html>\n").toString();
    }

    private static void svg(StringBuilder html, Chart chart, MetricsRecording recording) {
        double max = 0;
        for (Line line : chart.lines()) {
            for (double v : line.values()) {
                max = Double.isFinite(v) ? Math.max(max, v) : max;
            }
        }
        for (Line annotation : chart.annotations()) {
            max = Math.max(max, annotation.values()[0]);
        }
        max = max == 0 ? 1 : max * 1.1;
        double end = recording.scrapes().get(recording.intervals()).seconds();
        int plotWidth = WIDTH - LEFT - 8;
        int plotHeight = HEIGHT - BOTTOM - 8;
        html.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" font-size=\"10\">\n<rect x=\"").append(LEFT).append("\" y=\"8\" width=\"")
                .append(plotWidth).append("\" height=\"").append(plotHeight)
                .append("\" fill=\"none\" stroke=\"#ccc\"/>\n");
        for (int tick = 0; tick <= 2; tick++) {
            double value = max * tick / 2;
            double y = 8 + plotHeight * (1 - tick / 2.0);
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 4, y + 3, fmt(value)));
            double seconds = end * tick / 2;
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s s</text>%n",
                    LEFT + plotWidth * tick / 2.0, HEIGHT - 6, tick == 2 ? "end" : "middle", fmt(seconds)));
        }
        for (int i = 0; i < chart.lines().size(); i++) {
            html.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[i % COLOURS.length])
                    .append("\" points=\"");
            double[] values = chart.lines().get(i).values();
            for (int p = 0; p < values.length; p++) {
                if (Double.isFinite(values[p])) {
                    double t = recording.scrapes().get(p + 1).seconds();
                    html.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * t / end,
                            8 + plotHeight * (1 - values[p] / max)));
                }
            }
            html.append("\"/>\n");
        }
        for (Line annotation : chart.annotations()) {
            double y = 8 + plotHeight * (1 - annotation.values()[0] / max);
            html.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>%n", LEFT, LEFT + plotWidth, y, y));
        }
        html.append("</svg>\n");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value)
                : Math.abs(value) >= 1 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
