package io.sluice.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws chart panels in a grid into one PNG with Java2D, with a single legend on top listing every series name
 * once. No network, fonts from the JDK's logical "SansSerif".
 */
public final class ChartImage {

    private static final int PANEL_WIDTH = 330;
    private static final int PANEL_HEIGHT = 310;
    private static final int LEGEND_ROW_HEIGHT = 20;
    private static final int LEGEND_ENTRY_WIDTH = 260;
    /** Plot area inside a panel: room on the left and bottom for tick labels and axis titles. */
    private static final int LEFT = 52;
    private static final int RIGHT = 14;
    private static final int TOP = 26;
    private static final int BOTTOM = 44;
    /** Where the ticks sit along each axis, as fractions of its length. */
    private static final double[] TICKS = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
    private static final Color GRID = new Color(0xE4E4E4);
    private static final float[] DASH = {6f, 4f};

    private ChartImage() {
    }

    /** Renders {@code panels}, {@code columns} per row, and writes them to {@code file} as PNG. */
    public static void writePng(List<ChartPanel> panels, int columns, Path file) throws IOException {
        if (!ImageIO.write(render(panels, columns), "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    static BufferedImage render(List<ChartPanel> panels, int columns) {
        if (panels.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("need at least one panel and one column");
        }
        Map<String, Series> legend = new LinkedHashMap<>();
        panels.forEach(panel -> panel.series().forEach(s -> legend.putIfAbsent(s.name(), s)));
        int width = Math.min(columns, panels.size()) * PANEL_WIDTH;
        int legendPerRow = Math.max(1, width / LEGEND_ENTRY_WIDTH);
        int legendHeight = 8 + LEGEND_ROW_HEIGHT * ((legend.size() + legendPerRow - 1) / legendPerRow);
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(width, legendHeight + rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            drawLegend(g, List.copyOf(legend.values()), legendPerRow);
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), (i % columns) * PANEL_WIDTH, legendHeight + (i / columns) * PANEL_HEIGHT);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawLegend(Graphics2D g, List<Series> entries, int perRow) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < entries.size(); i++) {
            int x = 12 + (i % perRow) * LEGEND_ENTRY_WIDTH;
            int y = 8 + (i / perRow) * LEGEND_ROW_HEIGHT + LEGEND_ROW_HEIGHT / 2;
            Series s = entries.get(i);
            g.setColor(s.color());
            g.setStroke(stroke(s, 2.5f));
            g.drawLine(x, y, x + 28, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name(), x + 36, y + 4);
        }
    }

    private static void drawPanel(Graphics2D g, ChartPanel panel, int left, int top) {
        int x0 = left + LEFT;
        int y0 = top + PANEL_HEIGHT - BOTTOM;
        int w = PANEL_WIDTH - LEFT - RIGHT;
        int h = PANEL_HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (double t : TICKS) {
            int tx = x0 + (int) Math.round(t * w);
            int ty = y0 - (int) Math.round(t * h);
            g.setColor(GRID);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(tx, y0, tx, y0 - h);
            g.drawLine(x0, ty, x0 + w, ty);
            g.setColor(Color.DARK_GRAY);
            String xTick = String.format(Locale.ROOT, panel.x().tickFormat(), panel.x().valueAt(t));
            String yTick = String.format(Locale.ROOT, panel.y().tickFormat(), panel.y().valueAt(t));
            g.drawString(xTick, tx - g.getFontMetrics().stringWidth(xTick) / 2, y0 + 13);
            g.drawString(yTick, x0 - 5 - g.getFontMetrics().stringWidth(yTick), ty + 4);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0 - h, w, h);
        for (Series s : panel.series()) {
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < s.x().length; i++) {
                double px = x0 + panel.x().fraction(s.x()[i]) * w;
                double py = y0 - panel.y().fraction(s.y()[i]) * h;
                if (i == 0) {
                    line.moveTo(px, py);
                } else {
                    line.lineTo(px, py);
                }
            }
            g.setColor(s.color());
            g.setStroke(stroke(s, 1.6f));
            g.draw(line);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(panel.title(), x0, top + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.DARK_GRAY);
        g.drawString(panel.xLabel(), x0 + (w - g.getFontMetrics().stringWidth(panel.xLabel())) / 2, y0 + 30);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(panel.yLabel(), -(y0 - (h - g.getFontMetrics().stringWidth(panel.yLabel())) / 2), left + 14);
        g.setTransform(saved);
    }

    private static BasicStroke stroke(Series s, float width) {
        return s.dashed()
                ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASH, 0f)
                : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
}
