package dev.yolojava.core.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a {@link ConfusionMatrix} as Ultralytics does (Java2D, headless): a "Blues" heat map of predicted (rows) vs
 * true (columns) classes plus background, cells below 0.005 left blank, values written in the cells when there are
 * fewer than 30 rows, and a colour bar. Files: {@code confusion_matrix_normalized.png} (columns normalised) and
 * {@code confusion_matrix.png} (counts).
 */
public final class ConfusionMatrixPlot {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 900;
    /** ColorBrewer / matplotlib "Blues", light to dark. */
    private static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
        0x08519c, 0x08306b};

    private ConfusionMatrixPlot() {
    }

    /** Writes both the normalised and the count plot into {@code dir} and returns their paths. */
    public static List<Path> save(ConfusionMatrix cm, Path dir) {
        return List.of(save(cm, dir, true), save(cm, dir, false));
    }

    /** Writes one plot into {@code dir} (created if missing) and returns its path. */
    public static Path save(ConfusionMatrix cm, Path dir, boolean normalize) {
        String title = normalize ? "Confusion Matrix Normalized" : "Confusion Matrix";
        Path file = dir.resolve(title.toLowerCase(Locale.ROOT).replace(' ', '_') + ".png");
        try {
            Files.createDirectories(dir);
            ImageIO.write(render(cm, normalize, title), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static BufferedImage render(ConfusionMatrix cm, boolean normalize, String title) {
        double[][] array = normalize ? cm.normalized() : cm.matrix();
        List<String> labels = new ArrayList<>(cm.names());
        labels.add("background");
        int nc = cm.names().size();
        if (nc >= 100) { // keep every k-th row/column like Ultralytics, so labels stay readable
            int k = Math.max(2, nc / 60);
            List<String> keptLabels = new ArrayList<>();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < array.length; i += k) {
                keep.add(i);
                keptLabels.add(labels.get(i));
            }
            double[][] sliced = new double[keep.size()][keep.size()];
            for (int i = 0; i < keep.size(); i++) {
                for (int j = 0; j < keep.size(); j++) {
                    sliced[i][j] = array[keep.get(i)][keep.get(j)];
                }
            }
            array = sliced;
            labels = keptLabels;
        }
        int n = array.length;
        double vmax = 0;
        for (double[] row : array) {
            for (double v : row) {
                if (v >= 0.005) {
                    vmax = Math.max(vmax, v);
                }
            }
        }
        vmax = vmax == 0 ? 1 : vmax;

        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        int tickFont = (int) Math.max(8, Math.min(15, 15 - 0.07 * n));
        int margin = n < 99 ? Math.min(190, 30 + labelWidth(g, labels, tickFont)) : 40;
        int top = 80;
        int side = Math.min(WIDTH - margin - 200, HEIGHT - top - margin - 30);
        int left = margin + 50 + Math.max(0, (WIDTH - (margin + 50) - side - 160) / 2); // centred
        double cell = side / (double) n;

        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = array[i][j];
                if (v < 0.005) {
                    continue; // matplotlib leaves NaN cells blank
                }
                g.setColor(blues(v / vmax));
                int x0 = left + (int) Math.round(j * cell);
                int y0 = top + (int) Math.round(i * cell);
                g.fillRect(x0, y0, left + (int) Math.round((j + 1) * cell) - x0,
                        top + (int) Math.round((i + 1) * cell) - y0);
            }
        }
        if (n < 30) {
            double threshold = 0.45 * (normalize ? 1 : vmax);
            int size = (int) Math.max(8, Math.min(16, cell / 4));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = array[i][j];
                    if (v < 0.005) {
                        continue;
                    }
                    String text = normalize ? String.format(Locale.ROOT, "%.2f", v) : Long.toString((long) v);
                    g.setColor(v > threshold ? Color.WHITE : Color.BLACK);
                    int cx = left + (int) Math.round((j + 0.5) * cell);
                    int cy = top + (int) Math.round((i + 0.5) * cell);
                    g.drawString(text, cx - fm.stringWidth(text) / 2, cy + fm.getAscent() / 2 - 2);
                }
            }
        }
        drawTicks(g, labels, n < 99, left, top, side, cell, tickFont);
        drawColorBar(g, left + side + 40, top, side, vmax);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, left + (side - fm.stringWidth(title)) / 2, top - 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        fm = g.getFontMetrics();
        g.drawString("True", left + (side - fm.stringWidth("True")) / 2, HEIGHT - 15);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("Predicted", -(top + (side + fm.stringWidth("Predicted")) / 2), left - margin - 25);
        g.setTransform(saved);
        g.dispose();
        return img;
    }

    private static int labelWidth(Graphics2D g, List<String> labels, int fontSize) {
        FontMetrics fm = g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        return labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
    }

    private static void drawTicks(Graphics2D g, List<String> labels, boolean named, int left, int top, int side,
                                  double cell, int fontSize) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
        FontMetrics fm = g.getFontMetrics();
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            String text = named ? labels.get(i) : Integer.toString(i);
            int c = (int) Math.round((i + 0.5) * cell);
            g.drawLine(left - 5, top + c, left, top + c); // y tick
            g.drawString(text, left - 8 - fm.stringWidth(text), top + c + fm.getAscent() / 2 - 1);
            g.drawLine(left + c, top + side, left + c, top + side + 5); // x tick, label rotated 90 degrees
            AffineTransform saved = g.getTransform();
            g.translate(left + c + fm.getAscent() / 2 - 1, top + side + 8);
            g.rotate(-Math.PI / 2);
            g.drawString(text, -fm.stringWidth(text), 0);
            g.setTransform(saved);
        }
    }

    private static void drawColorBar(Graphics2D g, int x, int top, int height, double vmax) {
        int width = 28;
        for (int y = 0; y < height; y++) {
            g.setColor(blues(1.0 - y / (double) (height - 1)));
            g.fillRect(x, top + y, width, 1);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        double step = niceStep(vmax / 5);
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        for (int k = 0; k * step <= vmax * (1 + 1e-9); k++) {
            double v = k * step;
            int y = top + height - 1 - (int) Math.round((height - 1) * v / vmax);
            g.drawLine(x + width, y, x + width + 5, y);
            g.drawString(String.format(Locale.ROOT, "%." + decimals + "f", v), x + width + 8,
                    y + fm.getAscent() / 2 - 1);
        }
    }

    /** The smallest of 1, 2, 5 x 10^k that is at least {@code raw}, so colour-bar ticks fall on round values. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** The "Blues" colour map at {@code t} in [0, 1]. */
    static Color blues(double t) {
        double pos = Math.max(0, Math.min(1, t)) * (BLUES.length - 1);
        int i = Math.min((int) pos, BLUES.length - 2);
        double f = pos - i;
        int a = BLUES[i];
        int b = BLUES[i + 1];
        return new Color(lerp(a >> 16, b >> 16, f), lerp((a >> 8) & 0xff, (b >> 8) & 0xff, f),
                lerp(a & 0xff, b & 0xff, f));
    }

    private static int lerp(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
