package dev.yolojava.core.metrics;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The validation curves Ultralytics draws, as PNG files: {@code BoxPR_curve.png} (precision vs recall at IoU 0.5, per
 * class with its AP50 and the mean with mAP@0.5), {@code BoxF1_curve.png}, {@code BoxP_curve.png} and
 * {@code BoxR_curve.png} (metric vs confidence, per class and the smoothed mean with its maximum). Per-class curves
 * get a legend entry when fewer than 21 are drawn, as in Ultralytics; otherwise they are drawn grey.
 */
public final class MetricsPlots {

    /** File names written by {@link #save}. */
    public static final List<String> FILES = List.of("BoxPR_curve.png", "BoxF1_curve.png", "BoxP_curve.png",
            "BoxR_curve.png");

    static final int WIDTH = 1350;
    static final int HEIGHT = 900;
    /** Colour of the thick mean curve. */
    static final Color MEAN_COLOR = Color.BLUE;
    private static final int MAX_LEGEND_CLASSES = 21;
    /** Matplotlib's default colour cycle ("tab10"), so per-class colours look familiar. */
    private static final Color[] TAB10 = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private MetricsPlots() {
    }

    /** Writes the four curve PNGs into {@code dir} (created if missing) and returns their paths. */
    public static List<Path> save(DetMetrics metrics, Path dir) {
        ApPerClass.Result res = metrics.curves();
        List<LineChart> charts = List.of(prCurve(metrics, res), mcCurve(metrics, res, res.f1Curve(), "F1"),
                mcCurve(metrics, res, res.pCurve(), "Precision"), mcCurve(metrics, res, res.rCurve(), "Recall"));
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < charts.size(); i++) {
                Path file = dir.resolve(FILES.get(i));
                ImageIO.write(charts.get(i).render(WIDTH, HEIGHT), "png", file.toFile());
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric plots to " + dir, e);
        }
        return written;
    }

    private static LineChart prCurve(DetMetrics metrics, ApPerClass.Result res) {
        LineChart chart = new LineChart("Precision-Recall Curve", "Recall", "Precision");
        double[] grid = res.grid();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < res.classes().length; i++) {
            if (res.precValues()[i] != null) { // Ultralytics has a PR curve only for classes with predictions
                rows.add(i);
            }
        }
        boolean legend = !rows.isEmpty() && rows.size() < MAX_LEGEND_CLASSES;
        double[] mean = new double[grid.length];
        for (int k = 0; k < rows.size(); k++) {
            int i = rows.get(k);
            double[] curve = res.precValues()[i];
            String label = legend ? String.format(Locale.ROOT, "%s %.3f", className(metrics, res, i), res.ap()[i][0])
                    : null;
            chart.add(label, grid, curve, legend ? TAB10[k % TAB10.length] : Color.GRAY, 1.2f);
            for (int p = 0; p < grid.length; p++) {
                mean[p] += curve[p];
            }
        }
        for (int p = 0; p < grid.length && !rows.isEmpty(); p++) {
            mean[p] /= rows.size();
        }
        chart.add(String.format(Locale.ROOT, "all classes %.3f mAP@0.5", metrics.map50()), grid, mean, MEAN_COLOR,
                3.5f);
        return chart;
    }

    private static LineChart mcCurve(DetMetrics metrics, ApPerClass.Result res, double[][] py, String ylabel) {
        LineChart chart = new LineChart(ylabel + "-Confidence Curve", "Confidence", ylabel);
        double[] grid = res.grid();
        boolean legend = py.length > 0 && py.length < MAX_LEGEND_CLASSES;
        double[] mean = new double[grid.length];
        for (int i = 0; i < py.length; i++) {
            chart.add(legend ? className(metrics, res, i) : null, grid, py[i],
                    legend ? TAB10[i % TAB10.length] : Color.GRAY, 1.2f);
            for (int p = 0; p < grid.length; p++) {
                mean[p] += py[i][p];
            }
        }
        for (int p = 0; p < grid.length && py.length > 0; p++) {
            mean[p] /= py.length;
        }
        double[] smoothed = NumpyMath.smooth(mean, 0.1);
        int best = NumpyMath.argmax(smoothed);
        chart.add(String.format(Locale.ROOT, "all classes %.2f at %.3f", smoothed[best], grid[best]), grid, smoothed,
                MEAN_COLOR, 3.5f);
        return chart;
    }

    private static String className(DetMetrics metrics, ApPerClass.Result res, int row) {
        return metrics.names().get(res.classes()[row]);
    }
}
