package dev.yolojava.data.plot;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.ImageLabels;
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
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code labels.jpg}, the data set overview Ultralytics' {@code plot_labels} draws: the instances per class (bars),
 * up to 1000 boxes drawn centred to compare their shapes, and 2-D histograms of box centres (x, y) and sizes
 * (width, height), all in normalised coordinates.
 */
public final class LabelsPlot {
  /** Side of one of the four square panels. */
  public static final int PANEL = 400;
  private static final int BINS = 50;
  private static final Color BAR = new Color(0x1f77b4);

  private LabelsPlot() {}

  /** Writes {@code labels.jpg} for {@code labels} into {@code dir} and returns its path. */
  public static Path save(List<ImageLabels> labels, List<String> names, Path dir) {
    BufferedImage img = render(labels, names);
    try {
      Files.createDirectories(dir);
      Path out = dir.resolve("labels.jpg");
      ImageIO.write(img, "jpg", out.toFile());
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write labels.jpg to " + dir, e);
    }
  }

  /** The four panels as one {@code 2*PANEL} square image. */
  public static BufferedImage render(List<ImageLabels> labels, List<String> names) {
    checkArgument(!names.isEmpty(), "labels plot needs class names, got none");
    int nc = names.size();
    long[] perClass = new long[nc];
    double[][] centres = new double[BINS][BINS];
    double[][] sizes = new double[BINS][BINS];
    BufferedImage img = new BufferedImage(2 * PANEL, 2 * PANEL, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    int drawn = 0;
    int inner = PANEL - 60;
    for (ImageLabels l : labels) {
      for (int i = 0; i < l.size(); i++) {
        int c = (int) l.cls()[i];
        checkArgument(c >= 0 && c < nc, "%s: class %s outside 0..%s", l.image(), c, nc - 1);
        perClass[c]++;
        float cx = l.boxes()[4 * i];
        float cy = l.boxes()[4 * i + 1];
        float w = l.boxes()[4 * i + 2];
        float h = l.boxes()[4 * i + 3];
        centres[bin(cy)][bin(cx)]++;
        sizes[bin(h)][bin(w)]++;
        if (drawn < 1000) { // boxes centred in the top-right panel
          g.setColor(BatchPlotter.awtColor(c));
          g.drawRect(PANEL + 40 + (int) ((0.5 - w / 2) * inner), 20 + (int) ((0.5 - h / 2) * inner),
              (int) (w * inner), (int) (h * inner));
          drawn++;
        }
      }
    }
    bars(g, perClass, names, 0, 0);
    frame(g, PANEL, 0, "boxes (centred)", "", "");
    heatmap(g, centres, 0, PANEL, "box centres", "x", "y");
    heatmap(g, sizes, PANEL, PANEL, "box sizes", "width", "height");
    g.dispose();
    return img;
  }

  private static int bin(float v) {
    return Math.min(BINS - 1, Math.max(0, (int) (v * BINS)));
  }

  private static void bars(Graphics2D g, long[] counts, List<String> names, int ox, int oy) {
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    int inner = PANEL - 60;
    double bw = (double) inner / counts.length;
    g.setColor(BAR);
    for (int i = 0; i < counts.length; i++) {
      int h = (int) Math.round((double) counts[i] / max * inner);
      g.fillRect(ox + 40 + (int) (i * bw) + 1, oy + 20 + inner - h, Math.max(1, (int) bw - 2), h);
    }
    frame(g, ox, oy, "instances (max " + max + ")", "classes", "");
    if (counts.length <= 30) { // class names fit only for small data sets, as in Ultralytics
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
      g.setColor(Color.BLACK);
      for (int i = 0; i < counts.length; i++) {
        String n = names.get(i).length() > 8 ? names.get(i).substring(0, 8) : names.get(i);
        g.drawString(n, ox + 40 + (int) (i * bw) + 1, oy + 20 + inner + 12);
      }
    }
  }

  private static void heatmap(Graphics2D g, double[][] hist, int ox, int oy, String title, String xl, String yl) {
    double max = 0;
    for (double[] row : hist) {
      for (double v : row) {
        max = Math.max(max, v);
      }
    }
    int inner = PANEL - 60;
    double cell = (double) inner / BINS;
    for (int r = 0; r < BINS; r++) {
      for (int c = 0; c < BINS; c++) {
        if (hist[r][c] > 0) {
          // log scale so a few dense bins do not hide the rest
          float t = (float) (Math.log1p(hist[r][c]) / Math.log1p(max));
          g.setColor(new Color(1 - 0.8f * t, 1 - 0.6f * t, 1 - 0.2f * t));
          g.fillRect(ox + 40 + (int) (c * cell), oy + 20 + (int) (r * cell), (int) Math.ceil(cell),
              (int) Math.ceil(cell));
        }
      }
    }
    frame(g, ox, oy, title, xl, yl);
  }

  private static void frame(Graphics2D g, int ox, int oy, String title, String xl, String yl) {
    int inner = PANEL - 60;
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(ox + 40, oy + 20, inner, inner);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(title, ox + 40, oy + 14);
    g.drawString(xl, ox + 40 + inner / 2 - 10, oy + PANEL - 20);
    g.drawString(yl, ox + 4, oy + 20 + inner / 2);
  }
}
