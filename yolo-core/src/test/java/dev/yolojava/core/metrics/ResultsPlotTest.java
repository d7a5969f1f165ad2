package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.engine.ResultsCsv;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** results.png: one panel per loss/metric column, each with drawn values; the smoothing matches SciPy's kernel. */
class ResultsPlotTest {
  /** Kept under target/ so a person can open it and look. */
  private static final Path OUT = Path.of("target", "test-plots");

  @Test
  void drawsTenPanelsInTwoRowsFromResultsCsv() throws IOException {
    Files.createDirectories(OUT);
    Path csv = OUT.resolve("results.csv");
    Files.deleteIfExists(csv);
    ResultsCsv results = new ResultsCsv(csv);
    for (int e = 1; e <= 12; e++) {
      double[] v = new double[ResultsCsv.COLUMNS.size() - 1];
      for (int c = 0; c < v.length; c++) {
        // losses fall, metrics rise, with a wobble so the smoothed line differs from the raw one
        v[c] = (c >= 4 && c <= 7 ? 1 - Math.exp(-e / 4.0) : 2 * Math.exp(-e / 5.0)) + 0.03 * Math.sin(3 * e + c);
      }
      results.append(e, v);
    }
    Path png = ResultsPlot.save(csv);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(ResultsPlot.plottedColumns(ResultsCsv.COLUMNS)).hasSize(10);
    assertThat(img.getWidth()).isEqualTo(5 * ResultsPlot.PANEL_W);
    assertThat(img.getHeight()).isEqualTo(2 * ResultsPlot.PANEL_H);
    for (int p = 0; p < 10; p++) {
      int ox = (p % 5) * ResultsPlot.PANEL_W;
      int oy = (p / 5) * ResultsPlot.PANEL_H;
      assertThat(coloured(img, ox + 45, oy + 27, ResultsPlot.PANEL_W - 58, ResultsPlot.PANEL_H - 52))
          .as("panel %s has drawn lines", p)
          .isGreaterThan(100);
    }
  }

  @Test
  void smoothingOfAnImpulseIsTheNormalisedKernel() {
    double[] y = new double[41];
    y[20] = 1;
    double[] s = ResultsPlot.gaussianSmooth(y, 3.0);
    double sum = 0;
    for (int i = -12; i <= 12; i++) {
      sum += Math.exp(-i * i / 18.0);
    }
    assertThat(s[20]).isCloseTo(1 / sum, within(1e-12));
    assertThat(1 / sum).isCloseTo(0.13298, within(1e-4));
    double[] flat = ResultsPlot.gaussianSmooth(new double[] {2, 2, 2}, 3.0);
    assertThat(flat).containsExactly(new double[] {2, 2, 2}, within(1e-12));
    assertThat(Arrays.stream(ResultsPlot.gaussianSmooth(new double[] {0, 3}, 3.0)).sum()).isCloseTo(3, within(1e-12));
  }

  @Test
  void rowWithWrongCellCountNamesBothCounts() throws IOException {
    Files.createDirectories(OUT);
    Path csv = OUT.resolve("bad-results.csv");
    Files.writeString(csv, "epoch,train/box_loss\n1,0.5,0.7\n");
    assertThatThrownBy(() -> ResultsPlot.save(csv))
        .hasMessage(csv + ": a row has 3 cells but the header has 2");
  }

  /** Pixels in the rectangle that are neither white nor grey (i.e. a coloured curve). */
  private static int coloured(BufferedImage img, int x0, int y0, int w, int h) {
    int n = 0;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          n++;
        }
      }
    }
    return n;
  }
}
