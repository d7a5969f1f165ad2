package dev.yolojava.core.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal matplotlib-like line chart on the unit square (Java2D, headless): axes from 0 to 1 with ticks every 0.2,
 * lines clipped to the plot, a legend outside on the right. Charting libraries were tried first, but XChart puts its
 * ticks on data points whenever x is equally spaced, which the 1000-point confidence grid always is.
 */
final class LineChart {

    private static final int LEFT = 90;
    private static final int TOP = 60;
    private static final int BOTTOM = 80;
    private static final int LEGEND_GAP = 20;

    private record Line(String label, double[] x, double[] y, Color color, float width) {
    }

    private final String title;
    private final String xlabel;
    private final String ylabel;
    private final List<Line> lines = new ArrayList<>();

    LineChart(String title, String xlabel, String ylabel) {
        this.title = title;
        this.xlabel = xlabel;
        this.ylabel = ylabel;
    }

    /** Adds a line; a null label keeps it out of the legend. */
    LineChart add(String label, double[] x, double[] y, Color color, float width) {
        lines.add(new Line(label, x, y, color, width));
        return this;
    }

    BufferedImage render(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        Font legendFont = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        FontMetrics lfm = g.getFontMetrics(legendFont);
        List<Line> legend = lines.stream().filter(l -> l.label() != null).toList();
        int legendWidth = legend.stream().mapToInt(l -> lfm.stringWidth(l.label())).max().orElse(0) + 60;
        int plotW = width - LEFT - LEGEND_GAP - legendWidth - 20;
        int plotH = height - TOP - BOTTOM;

        drawAxes(g, plotW, plotH);
        g.setClip(LEFT, TOP, plotW + 1, plotH + 1);
        for (Line l : lines) {
            Path2D.Double path = new Path2D.Double();
            for (int i = 0; i < l.x().length; i++) {
                double px = LEFT + l.x()[i] * plotW;
                double py = TOP + (1 - l.y()[i]) * plotH;
                if (i == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
            }
            g.setColor(l.color());
            g.setStroke(new BasicStroke(l.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }
        g.setClip(null);
        if (!legend.isEmpty()) {
            drawLegend(g, legend, legendFont, LEFT + plotW + LEGEND_GAP, TOP, legendWidth);
        }
        g.dispose();
        return img;
    }

    private void drawAxes(Graphics2D g, int plotW, int plotH) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k <= 5; k++) {
            String text = String.format(Locale.ROOT, "%.1f", k * 0.2);
            int x = LEFT + (int) Math.round(k * 0.2 * plotW);
            int y = TOP + plotH - (int) Math.round(k * 0.2 * plotH);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 6);
            g.drawString(text, x - fm.stringWidth(text) / 2, TOP + plotH + 8 + fm.getAscent());
            g.drawLine(LEFT - 6, y, LEFT, y);
            g.drawString(text, LEFT - 10 - fm.stringWidth(text), y + fm.getAscent() / 2 - 1);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        fm = g.getFontMetrics();
        g.drawString(xlabel, LEFT + (plotW - fm.stringWidth(xlabel)) / 2, TOP + plotH + 55);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(ylabel, -(TOP + (plotH + fm.stringWidth(ylabel)) / 2), LEFT - 50);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 21));
        fm = g.getFontMetrics();
        g.drawString(title, LEFT + (plotW - fm.stringWidth(title)) / 2, TOP - 20);
    }

    private static void drawLegend(Graphics2D g, List<Line> legend, Font font, int x, int y, int width) {
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int row = fm.getHeight() + 6;
        int height = legend.size() * row + 12;
        g.setColor(Color.WHITE);
        g.fillRect(x, y, width, height);
        g.setColor(Color.LIGHT_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, width, height);
        for (int i = 0; i < legend.size(); i++) {
            Line l = legend.get(i);
            int cy = y + 6 + i * row + row / 2;
            g.setColor(l.color());
            g.setStroke(new BasicStroke(Math.min(l.width(), 4f)));
            g.drawLine(x + 10, cy, x + 40, cy);
            g.setColor(Color.BLACK);
            g.drawString(l.label(), x + 50, cy + fm.getAscent() / 2 - 2);
        }
    }
}
