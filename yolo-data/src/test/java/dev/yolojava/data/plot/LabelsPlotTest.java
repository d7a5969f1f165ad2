package dev.yolojava.data.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.data.ImageLabels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** labels.jpg: bar heights follow the class counts; the three other panels hold drawn pixels. */
class LabelsPlotTest {
  private static final Path OUT = Path.of("target", "test-plots");

  @Test
  void barsFollowClassCountsAndPanelsAreFilled() throws IOException {
    Random rnd = new Random(3);
    List<ImageLabels> labels = new ArrayList<>();
    int[] counts = {40, 10, 20, 0}; // class 3 has no instances
    for (int c = 0; c < counts.length; c++) {
      for (int i = 0; i < counts[c]; i++) {
        float w = 0.05f + 0.3f * rnd.nextFloat();
        float h = 0.05f + 0.3f * rnd.nextFloat();
        labels.add(new ImageLabels(Path.of("img" + c + "_" + i + ".jpg"), 64, 64, new float[] {c},
            new float[] {0.2f + 0.6f * rnd.nextFloat(), 0.2f + 0.6f * rnd.nextFloat(), w, h}));
      }
    }
    Path jpg = LabelsPlot.save(labels, List.of("cat", "dog", "bird", "fish"), OUT);
    BufferedImage img = ImageIO.read(jpg.toFile());
    assertThat(img.getWidth()).isEqualTo(2 * LabelsPlot.PANEL);
    assertThat(img.getHeight()).isEqualTo(2 * LabelsPlot.PANEL);
    int inner = LabelsPlot.PANEL - 60;
    double bw = inner / 4.0;
    int[] heights = new int[4];
    for (int c = 0; c < 4; c++) {
      int x = 40 + (int) ((c + 0.5) * bw);
      for (int y = 20 + inner - 1; y > 20 && isBlue(img.getRGB(x, y)); y--) {
        heights[c]++;
      }
    }
    // the tallest bar spans the panel; the others scale with their counts (JPEG edges: +-3 px)
    assertThat(heights[0]).isBetween(inner - 3, inner);
    assertThat(heights[1]).isBetween(inner / 4 - 3, inner / 4 + 3);
    assertThat(heights[2]).isBetween(inner / 2 - 3, inner / 2 + 3);
    assertThat(heights[3]).isZero();
    assertThat(nonWhite(img, LabelsPlot.PANEL + 41, 21, inner - 2)).as("centred boxes").isGreaterThan(500);
    assertThat(nonWhite(img, 41, LabelsPlot.PANEL + 21, inner - 2)).as("centre histogram").isGreaterThan(500);
    assertThat(nonWhite(img, LabelsPlot.PANEL + 41, LabelsPlot.PANEL + 21, inner - 2)).as("size histogram")
        .isGreaterThan(500);
  }

  @Test
  void classOutsideNamesIsNamed() {
    ImageLabels bad = new ImageLabels(Path.of("a.jpg"), 8, 8, new float[] {5}, new float[] {0.5f, 0.5f, 0.1f, 0.1f});
    assertThatThrownBy(() -> LabelsPlot.render(List.of(bad), List.of("a", "b")))
        .hasMessage("a.jpg: class 5 outside 0..1");
  }

  private static boolean isBlue(int rgb) {
    int r = (rgb >> 16) & 255;
    int b = rgb & 255;
    return b - r > 80;
  }

  private static int nonWhite(BufferedImage img, int x0, int y0, int side) {
    int n = 0;
    for (int y = y0; y < y0 + side; y++) {
      for (int x = x0; x < x0 + side; x++) {
        if ((img.getRGB(x, y) & 0xffffff) != 0xffffff && ((img.getRGB(x, y) >> 16) & 255) < 235) {
          n++;
        }
      }
    }
    return n;
  }
}
