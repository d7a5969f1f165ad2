package dev.yolojava.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segmentation metrics of a validation run, as Ultralytics' {@code SegmentMetrics}: the box metrics ({@link #box()},
 * from box IoU) and the mask metrics ({@link #seg()}, the same predictions matched by mask IoU), each P, R, mAP50 and
 * mAP50-95 at the max-F1 confidence; fitness is the sum of both fitnesses (mAP50-95 of masks plus of boxes).
 */
public final class SegmentMetrics {

    /** Keys of {@link #resultsDict()} besides {@code fitness}, as Ultralytics names them. */
    public static final List<String> KEYS = List.of("metrics/precision(B)", "metrics/recall(B)",
            "metrics/mAP50(B)", "metrics/mAP50-95(B)", "metrics/precision(M)", "metrics/recall(M)",
            "metrics/mAP50(M)", "metrics/mAP50-95(M)");

    private final DetMetrics box;
    private final DetMetrics seg;

    private SegmentMetrics(DetMetrics box, DetMetrics seg) {
        this.box = box;
        this.seg = seg;
    }

    /** Box and mask metrics of {@code stats}, whose images all carry mask statistics. */
    public static SegmentMetrics compute(BoxStats stats, List<String> names) {
        return new SegmentMetrics(DetMetrics.compute(stats, names), DetMetrics.computeMasks(stats, names));
    }

    /** Metrics by box IoU ({@code metrics.box}). */
    public DetMetrics box() {
        return box;
    }

    /** Metrics by mask IoU ({@code metrics.seg}): {@code seg().map()} is mask mAP50-95. */
    public DetMetrics seg() {
        return seg;
    }

    /** [box mp, mr, map50, map, mask mp, mr, map50, map]. */
    public double[] meanResults() {
        return concat(box.meanResults(), seg.meanResults());
    }

    /** [box p, r, ap50, ap, mask p, r, ap50, ap] of per-class row {@code i}. */
    public double[] classResult(int i) {
        return concat(box.classResult(i), seg.classResult(i));
    }

    /** mAP50-95 per class id, box plus mask, as Ultralytics' {@code SegmentMetrics.maps}. */
    public double[] maps() {
        double[] b = box.maps();
        double[] m = seg.maps();
        for (int i = 0; i < b.length; i++) {
            b[i] += m[i];
        }
        return b;
    }

    /** {@code seg.fitness() + box.fitness()}. */
    public double fitness() {
        return seg.fitness() + box.fitness();
    }

    /** Ultralytics' {@code results_dict}: the eight {@link #KEYS} and {@code fitness}. */
    public Map<String, Double> resultsDict() {
        Map<String, Double> dict = new LinkedHashMap<>();
        double[] mean = meanResults();
        for (int i = 0; i < KEYS.size(); i++) {
            dict.put(KEYS.get(i), mean[i]);
        }
        dict.put("fitness", fitness());
        return dict;
    }

    /** The results table as Ultralytics prints it for segmentation; see {@link MetricsReport#table(SegmentMetrics, boolean)}. */
    public String table(boolean perClass) {
        return MetricsReport.table(this, perClass);
    }

    /** The results as JSON: {@code {"box": ..., "seg": ..., "fitness": ...}}, each part as {@link DetMetrics#toJson()}. */
    public String toJson() {
        return "{\n\"box\": " + box.toJson().strip() + ",\n\"seg\": " + seg.toJson().strip() + ",\n\"fitness\": "
                + (Double.isFinite(fitness()) ? Double.toString(fitness()) : "null") + "\n}\n";
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
