package dev.yolojava.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of a task that validates boxes and something more, as Ultralytics' {@code SegmentMetrics} and
 * {@code PoseMetrics} (both a {@code DetMetrics} with a second {@code Metric}): the box metrics ({@link #box()}, from
 * box IoU) and the task's ({@link #part()}, the same predictions matched by the task's similarity: mask IoU, keypoint
 * OKS), each P, R, mAP50 and mAP50-95 at the max-F1 confidence; fitness is the sum of both fitnesses.
 */
public abstract sealed class TaskMetrics permits SegmentMetrics, PoseMetrics {

    /** What the second half measures: its results-dict suffix, table header word and JSON name. */
    public enum Kind {
        /** Masks by mask IoU ({@code metrics.seg}). */
        MASK("M", "Mask", "seg"),
        /** Keypoints by OKS ({@code metrics.pose}). */
        POSE("P", "Pose", "pose");

        private final String suffix;
        private final String header;
        private final String json;

        Kind(String suffix, String header, String json) {
            this.suffix = suffix;
            this.header = header;
            this.json = json;
        }

        /** Ultralytics' results-dict keys: the box ones, then the same with this kind's letter. */
        public List<String> keys() {
            return List.of("metrics/precision(B)", "metrics/recall(B)", "metrics/mAP50(B)", "metrics/mAP50-95(B)",
                    "metrics/precision(" + suffix + ")", "metrics/recall(" + suffix + ")",
                    "metrics/mAP50(" + suffix + ")", "metrics/mAP50-95(" + suffix + ")");
        }

        /** The word that opens this half's columns in the table header ({@code Mask(P}, {@code Pose(P}). */
        public String header() {
            return header;
        }
    }

    private final Kind kind;
    private final DetMetrics box;
    private final DetMetrics part;

    TaskMetrics(Kind kind, DetMetrics box, DetMetrics part) {
        this.kind = kind;
        this.box = box;
        this.part = part;
    }

    /** {@link SegmentMetrics} or {@link PoseMetrics} of {@code stats}, whose images all carry the task's statistics. */
    public static TaskMetrics compute(Kind kind, BoxStats stats, List<String> names) {
        return switch (kind) {
            case MASK -> SegmentMetrics.compute(stats, names);
            case POSE -> PoseMetrics.compute(stats, names);
        };
    }

    /** What the second half measures. */
    public Kind kind() {
        return kind;
    }

    /** Metrics by box IoU ({@code metrics.box}). */
    public DetMetrics box() {
        return box;
    }

    /** Metrics by the task's similarity ({@code metrics.seg}, {@code metrics.pose}). */
    public DetMetrics part() {
        return part;
    }

    /** [box mp, mr, map50, map, then the task's mp, mr, map50, map]. */
    public double[] meanResults() {
        return concat(box.meanResults(), part.meanResults());
    }

    /** [box p, r, ap50, ap, then the task's] of per-class row {@code i}. */
    public double[] classResult(int i) {
        return concat(box.classResult(i), part.classResult(i));
    }

    /** mAP50-95 per class id, box plus the task's, as Ultralytics' {@code maps}. */
    public double[] maps() {
        double[] b = box.maps();
        double[] m = part.maps();
        for (int i = 0; i < b.length; i++) {
            b[i] += m[i];
        }
        return b;
    }

    /** The task's fitness plus the box fitness. */
    public double fitness() {
        return part.fitness() + box.fitness();
    }

    /** Ultralytics' {@code results_dict}: the eight {@link Kind#keys()} and {@code fitness}. */
    public Map<String, Double> resultsDict() {
        Map<String, Double> dict = new LinkedHashMap<>();
        double[] mean = meanResults();
        List<String> keys = kind.keys();
        for (int i = 0; i < keys.size(); i++) {
            dict.put(keys.get(i), mean[i]);
        }
        dict.put("fitness", fitness());
        return dict;
    }

    /** The results table as Ultralytics prints it for this task; see {@link MetricsReport#table(TaskMetrics, boolean)}. */
    public String table(boolean perClass) {
        return MetricsReport.table(this, perClass);
    }

    /** The results as JSON: {@code {"box": ..., "seg" or "pose": ..., "fitness": ...}}, parts as {@link DetMetrics#toJson()}. */
    public String toJson() {
        return "{\n\"box\": " + box.toJson().strip() + ",\n\"" + kind.json + "\": " + part.toJson().strip()
                + ",\n\"fitness\": " + (Double.isFinite(fitness()) ? Double.toString(fitness()) : "null") + "\n}\n";
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
