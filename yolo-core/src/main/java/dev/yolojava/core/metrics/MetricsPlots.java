package dev.yolojava.core.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The validation curves Ultralytics draws, as PNG files: {@code BoxPR_curve.png} (precision vs recall at IoU 0.5, per
 * class with its AP50 and the mean with mAP@0.5), {@code BoxF1_curve.png}, {@code BoxP_curve.png} and
 * {@code BoxR_curve.png} (metric vs confidence, per class and the smoothed mean with its maximum). Per-class curves
 * get a legend entry when fewer than 21 classes are drawn, as in Ultralytics; otherwise they are drawn grey.
 */
public final class MetricsPlots {

    /** File names written by {@link #save}. */
    public static final List<String> FILES = List.of("BoxPR_curve.png", "BoxF1_curve.png", "BoxP_curve.png",
            "BoxR_curve.png");

    private static final int WIDTH = 1350;
    private static final int HEIGHT = 900;
    private static final int MAX_LEGEND_CLASSES = 21;
    /** Matplotlib's default colour cycle ("tab10"), so per-class colours look familiar. */
    private static final Color[] TAB10 = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};
    private static final Color MEAN_COLOR = Color.BLUE;

    private MetricsPlots() {
    }

    /** Writes the four curve PNGs into {@code dir} (created if missing) and returns their paths. */
    public static List<Path> save(DetMetrics metrics, Path dir) {
        try {
            Files.createDirectories(dir);
            ApPerClass.Result res = metrics.curves();
            List<Path> written = new ArrayList<>();
            written.add(write(prCurve(metrics, res), dir.resolve(FILES.get(0))));
            written.add(write(mcCurve(metrics, res, res.f1Curve(), "F1"), dir.resolve(FILES.get(1))));
            written.add(write(mcCurve(metrics, res, res.pCurve(), "Precision"), dir.resolve(FILES.get(2))));
            written.add(write(mcCurve(metrics, res, res.rCurve(), "Recall"), dir.resolve(FILES.get(3))));
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric plots to " + dir, e);
        }
    }

    private static Path write(XYChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }

    private static XYChart prCurve(DetMetrics metrics, ApPerClass.Result res) {
        XYChart chart = newChart("Precision-Recall Curve", "Recall", "Precision");
        double[] grid = res.grid();
        List<double[]> curves = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < res.classes().length; i++) {
            if (res.precValues()[i] != null) { // Ultralytics has a PR curve only for classes with predictions
                curves.add(res.precValues()[i]);
                rows.add(i);
            }
        }
        boolean legend = !curves.isEmpty() && curves.size() < MAX_LEGEND_CLASSES;
        Set<String> used = new HashSet<>();
        for (int k = 0; k < curves.size(); k++) {
            int i = rows.get(k);
            String label = metrics.names().get(res.classes()[i]) + String.format(Locale.ROOT, " %.3f", res.ap()[i][0]);
            addLine(chart, unique(label, used), grid, curves.get(k), legend, k);
        }
        double[] mean = new double[grid.length];
        for (int p = 0; p < grid.length; p++) {
            for (double[] c : curves) {
                mean[p] += c[p];
            }
            mean[p] = curves.isEmpty() ? 0.0 : mean[p] / curves.size();
        }
        addMean(chart, String.format(Locale.ROOT, "all classes %.3f mAP@0.5", metrics.map50()), grid, mean);
        return chart;
    }

    private static XYChart mcCurve(DetMetrics metrics, ApPerClass.Result res, double[][] py, String ylabel) {
        XYChart chart = newChart(ylabel + "-Confidence Curve", "Confidence", ylabel);
        double[] grid = res.grid();
        boolean legend = py.length > 0 && py.length < MAX_LEGEND_CLASSES;
        Set<String> used = new HashSet<>();
        for (int i = 0; i < py.length; i++) {
            addLine(chart, unique(metrics.names().get(res.classes()[i]), used), grid, py[i], legend, i);
        }
        double[] mean = new double[grid.length];
        for (int p = 0; p < grid.length; p++) {
            for (double[] row : py) {
                mean[p] += row[p];
            }
            mean[p] = py.length == 0 ? 0.0 : mean[p] / py.length;
        }
        double[] smoothed = NumpyMath.smooth(mean, 0.1);
        int best = NumpyMath.argmax(smoothed);
        addMean(chart, String.format(Locale.ROOT, "all classes %.2f at %.3f", smoothed[best], grid[best]), grid,
                smoothed);
        return chart;
    }

    private static XYChart newChart(String title, String xlabel, String ylabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xlabel)
                .yAxisTitle(ylabel).build();
        Styler styler = chart.getStyler();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setPlotGridLinesVisible(false);
        styler.setAntiAlias(true);
        return chart;
    }

    private static void addLine(XYChart chart, String name, double[] x, double[] y, boolean legend, int index) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(1.2f);
        s.setLineColor(legend ? TAB10[index % TAB10.length] : Color.GRAY);
        s.setShowInLegend(legend);
    }

    private static void addMean(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(MEAN_COLOR);
        s.setLineStyle(new BasicStroke(3.5f));
    }

    /** XChart needs distinct series names; repeated class names get a numeric suffix. */
    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int k = 2; !used.add(candidate); k++) {
            candidate = name + " (" + k + ")";
        }
        return candidate;
    }
}
