package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
 * {@code results.png} from a {@code results.csv}: one small panel per loss/metric column (everything but
 * {@code epoch}, {@code time} and {@code lr/*}), each with the per-epoch values (solid, with markers) and a
 * Gaussian-smoothed line (dotted, sigma 3) as Ultralytics' {@code plot_results} draws them, laid out in two rows.
 */
public final class ResultsPlot {
  static final int PANEL_W = 240;
  static final int PANEL_H = 240;
  private static final Color LINE = new Color(0x1f77b4);
  private static final Color SMOOTH = new Color(0xff7f0e);

  private ResultsPlot() {}

  /** The column names that get a panel, in the CSV's order. */
  public static List<String> plottedColumns(List<String> header) {
    List<String> out = new ArrayList<>();
    for (String h : header) {
      String c = h.trim();
      if (!c.equals("epoch") && !c.equals("time") && !c.startsWith("lr/")) {
        out.add(c);
      }
    }
    return out;
  }

  /** Reads {@code csv} and writes {@code results.png} beside it; returns the image path. */
  public static Path save(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
    checkArgument(!lines.isEmpty(), "%s is empty: expected a header and one row per epoch", csv);
    List<String> header = List.of(lines.get(0).split(","));
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        String[] cells = line.split(",");
        checkArgument(cells.length == header.size(), "%s: a row has %s cells but the header has %s",
            csv, cells.length, header.size());
        double[] v = new double[cells.length];
        for (int i = 0; i < cells.length; i++) {
          v[i] = Double.parseDouble(cells[i].trim());
        }
        rows.add(v);
      }
    }
    BufferedImage img = render(header, rows);
    Path out = csv.resolveSibling("results.png");
    try {
      ImageIO.write(img, "png", out.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return out;
  }

  /** Draws the panels for {@code rows} (one array of values per epoch, in {@code header}'s order). */
  public static BufferedImage render(List<String> header, List<double[]> rows) {
    List<String> cols = plottedColumns(header);
    int perRow = (cols.size() + 1) / 2;
    BufferedImage img = new BufferedImage(Math.max(1, perRow) * PANEL_W, 2 * PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    int epochCol = header.indexOf("epoch");
    for (int k = 0; k < cols.size(); k++) {
      int col = header.indexOf(cols.get(k));
      double[] x = new double[rows.size()];
      double[] y = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        x[r] = epochCol >= 0 ? rows.get(r)[epochCol] : r + 1;
        y[r] = rows.get(r)[col];
      }
      panel(g, (k % perRow) * PANEL_W, (k / perRow) * PANEL_H, cols.get(k), x, y);
    }
    g.dispose();
    return img;
  }

  private static void panel(Graphics2D g, int ox, int oy, String title, double[] x, double[] y) {
    int left = ox + 44;
    int top = oy + 26;
    int w = PANEL_W - 56;
    int h = PANEL_H - 50;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(title, ox + (PANEL_W - g.getFontMetrics().stringWidth(title)) / 2, oy + 16);
    g.setColor(Color.DARK_GRAY);
    g.drawRect(left, top, w, h);
    if (x.length == 0) {
      return;
    }
    double xmin = x[0];
    double xmax = x[x.length - 1];
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      ymin = Math.min(ymin, v);
      ymax = Math.max(ymax, v);
    }
    if (xmax == xmin) {
      xmax = xmin + 1;
    }
    if (ymax - ymin < 1e-12) {
      ymax = ymin + 1e-3;
    }
    double pad = 0.05 * (ymax - ymin);
    ymin -= pad;
    ymax += pad;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    // enough decimals that neighbouring ticks differ (a loss moving 4.827 -> 4.834 must not read 4.83 five times)
    double step = (ymax - ymin) / 4;
    int decimals = Math.max(0, Math.min(6, 1 - (int) Math.floor(Math.log10(step))));
    String tickFormat = Math.abs(ymax) >= 1e5 ? "%.3g" : "%." + decimals + "f";
    for (int t = 0; t <= 4; t++) {
      double v = ymin + t * step;
      int py = top + h - (int) Math.round(t * h / 4.0);
      g.drawLine(left - 3, py, left, py);
      g.drawString(String.format(Locale.ROOT, tickFormat, v), ox + 2, py + 3);
    }
    g.drawString(String.format(Locale.ROOT, "%.0f", xmin), left, top + h + 12);
    String last = String.format(Locale.ROOT, "%.0f", xmax);
    g.drawString(last, left + w - g.getFontMetrics().stringWidth(last), top + h + 12);
    int[] px = new int[x.length];
    int[] py = new int[x.length];
    int[] sy = new int[x.length];
    double[] smooth = gaussianSmooth(y, 3.0);
    for (int i = 0; i < x.length; i++) {
      px[i] = left + (int) Math.round((x[i] - xmin) / (xmax - xmin) * w);
      py[i] = top + h - (int) Math.round((y[i] - ymin) / (ymax - ymin) * h);
      sy[i] = top + h - (int) Math.round((smooth[i] - ymin) / (ymax - ymin) * h);
    }
    g.setColor(LINE);
    g.setStroke(new BasicStroke(2f));
    g.drawPolyline(px, py, x.length);
    for (int i = 0; i < x.length; i++) {
      g.fillOval(px[i] - 3, py[i] - 3, 6, 6);
    }
    g.setColor(SMOOTH);
    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {2f, 3f}, 0f));
    g.drawPolyline(px, sy, x.length);
    g.setStroke(new BasicStroke(1f));
  }

  /** Gaussian smoothing with reflected edges (as SciPy's {@code gaussian_filter1d} default), radius 4 sigma. */
  static double[] gaussianSmooth(double[] y, double sigma) {
    int radius = (int) (4 * sigma + 0.5);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
      sum += kernel[i + radius];
    }
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      double acc = 0;
      for (int k = -radius; k <= radius; k++) {
        acc += kernel[k + radius] * y[reflect(i + k, y.length)];
      }
      out[i] = acc / sum;
    }
    return out;
  }

  private static int reflect(int i, int n) {
    int period = 2 * n;
    int m = ((i % period) + period) % period;
    return m < n ? m : period - 1 - m;
  }
}
