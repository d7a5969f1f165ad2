package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Renders the plots headless into target/metrics-plots (kept for looking at) and checks sizes and key pixels. */
class PlotsTest {

    private static final Path DIR = Path.of("target", "metrics-plots");
    private static final List<String> NAMES = List.of("box", "disc", "triangle", "cross", "ring");
    private static DetMetrics metrics;
    private static ConfusionMatrix confusion;

    @BeforeAll
    static void build() {
        System.setProperty("java.awt.headless", "true");
        List<SyntheticImages.Image> images = SyntheticImages.generate(20240611L, 40, 5);
        BoxStats stats = new BoxStats();
        confusion = new ConfusionMatrix(NAMES);
        for (int i = 0; i < images.size(); i++) {
            SyntheticImages.Image im = images.get(i);
            stats.add(im.stats(i));
            confusion.process(im.predBoxes(), im.conf(), im.predCls(), im.gtBoxes(), im.gtCls());
        }
        metrics = DetMetrics.compute(stats, NAMES);
    }

    @Test
    void writesTheFourCurves() throws IOException {
        List<Path> files = MetricsPlots.save(metrics, DIR);
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.getFileName().toString());
            BufferedImage img = ImageIO.read(f.toFile());
            assertThat(img.getWidth()).isEqualTo(1350);
            assertThat(img.getHeight()).isEqualTo(900);
            assertThat(countPixels(img, MetricsPlots.MEAN_COLOR)).as("thick mean curve in %s", f).isGreaterThan(500);
        }
        assertThat(names).containsExactly("BoxPR_curve.png", "BoxF1_curve.png", "BoxP_curve.png", "BoxR_curve.png");
    }

    @Test
    void writesBothConfusionMatrices() throws IOException {
        List<Path> files = ConfusionMatrixPlot.save(confusion, DIR);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("confusion_matrix_normalized.png", "confusion_matrix.png");
        BufferedImage img = ImageIO.read(files.get(1).toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(img.getHeight()).isEqualTo(900);
        // the largest count is drawn in the darkest blue
        assertThat(countPixels(img, ConfusionMatrixPlot.blues(1.0))).isGreaterThan(1000);
        assertThat(ConfusionMatrixPlot.blues(0.0)).isEqualTo(new Color(0xf7fbff));
        assertThat(ConfusionMatrixPlot.blues(1.0)).isEqualTo(new Color(0x08306b));
    }

    @Test
    void manyClassesAreDrawnGreyAndTheMatrixIsDownsampled() throws IOException {
        int nc = 120;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < nc; c++) {
            names.add("class" + c);
        }
        List<SyntheticImages.Image> images = SyntheticImages.generate(11L, 300, nc);
        BoxStats stats = new BoxStats();
        ConfusionMatrix cm = new ConfusionMatrix(names);
        for (int i = 0; i < images.size(); i++) {
            SyntheticImages.Image im = images.get(i);
            stats.add(im.stats(i));
            cm.process(im.predBoxes(), im.conf(), im.predCls(), im.gtBoxes(), im.gtCls());
        }
        Path dir = DIR.resolve("many-classes");
        List<Path> curves = MetricsPlots.save(DetMetrics.compute(stats, names), dir);
        BufferedImage pr = ImageIO.read(curves.get(0).toFile());
        assertThat(countPixels(pr, Color.GRAY)).isGreaterThan(200); // per-class curves in grey, no legend
        Path matrix = ConfusionMatrixPlot.save(cm, dir, true);
        assertThat(ImageIO.read(matrix.toFile()).getWidth()).isEqualTo(1200);
    }

    @Test
    void colourBarTicksAreRound() {
        assertThat(ConfusionMatrixPlot.niceStep(18 / 5.0)).isEqualTo(5.0);
        assertThat(ConfusionMatrixPlot.niceStep(0.68 / 5)).isEqualTo(0.2);
        assertThat(ConfusionMatrixPlot.niceStep(1.0 / 5)).isEqualTo(0.2);
        assertThat(ConfusionMatrixPlot.niceStep(40 / 5.0)).isEqualTo(10.0);
    }

    private static int countPixels(BufferedImage img, Color color) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }
}
