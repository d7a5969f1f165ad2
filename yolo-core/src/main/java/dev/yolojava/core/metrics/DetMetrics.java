package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Detection metrics of a validation run, equal to Ultralytics' {@code DetMetrics} / {@code Metric}: mean precision and
 * recall at the max-F1 confidence, mAP@0.5, mAP@0.75, mAP@0.5:0.95, per-class results and the fitness used to pick
 * the best checkpoint. Per-class arrays are indexed by position in {@link #apClassIndex()} (the classes present in the
 * labels), except {@link #maps()}, {@link #ntPerClass()} and {@link #ntPerImage()}, which are indexed by class id.
 */
public final class DetMetrics {

    /** Keys of {@link #resultsDict()}, as Ultralytics names them. */
    public static final List<String> KEYS = List.of("metrics/precision(B)", "metrics/recall(B)",
            "metrics/mAP50(B)", "metrics/mAP50-95(B)");

    /** Fitness weights for [P, R, mAP50, mAP50-95]; Ultralytics 8.4 ranks checkpoints by mAP50-95 alone. */
    private static final double[] FITNESS_WEIGHTS = {0.0, 0.0, 0.0, 1.0};

    private final List<String> names;
    private final ApPerClass.Result result;
    private final int numImages;
    private final long[] ntPerClass;
    private final long[] ntPerImage;

    private DetMetrics(List<String> names, ApPerClass.Result result, int numImages, long[] ntPerClass,
                       long[] ntPerImage) {
        this.names = names;
        this.result = result;
        this.numImages = numImages;
        this.ntPerClass = ntPerClass;
        this.ntPerImage = ntPerImage;
    }

    /**
     * Computes the metrics of all images in {@code stats} ({@code DetMetrics.process}).
     *
     * @param stats per-image statistics
     * @param names class names, index = class id
     */
    public static DetMetrics compute(BoxStats stats, List<String> names) {
        return compute(stats, names, false);
    }

    /**
     * The same metrics from the predictions' correctness by the task's similarity ({@link ImageStats#withTaskTp}):
     * Ultralytics' {@code SegmentMetrics.seg} from mask IoU, {@code PoseMetrics.pose} from keypoint OKS. Every image of
     * {@code stats} must carry it.
     */
    public static DetMetrics computeTask(BoxStats stats, List<String> names) {
        return compute(stats, names, true);
    }

    private static DetMetrics compute(BoxStats stats, List<String> names, boolean task) {
        checkArgument(!names.isEmpty(), "names is empty: at least one class name is needed");
        BoxStats.Concatenated all = stats.concatenated();
        int nc = names.size();
        checkClasses(all.targetCls(), nc, "label");
        checkClasses(all.predCls(), nc, "predicted");
        checkArgument(!task || all.taskTp() != null, "mask or pose metrics need every image's statistics of the task"
                + " (tp_m, tp_p); these stats have none or only some");
        ApPerClass.Result result = ApPerClass.compute(task ? all.taskTp() : all.tp(), all.conf(), all.predCls(),
                all.targetCls());
        return new DetMetrics(List.copyOf(names), result, stats.numImages(), bincount(all.targetCls(), nc),
                bincount(all.targetImg(), nc));
    }

    private static void checkClasses(int[] cls, int nc, String what) {
        for (int c : cls) {
            checkArgument(c >= 0 && c < nc, "%s class %s is outside [0, %s) of the %s class names", what, c, nc, nc);
        }
    }

    private static long[] bincount(int[] values, int length) {
        long[] counts = new long[length];
        for (int v : values) {
            counts[v]++;
        }
        return counts;
    }

    /** Class names, index = class id. */
    public List<String> names() {
        return names;
    }

    /** Number of images validated. */
    public int numImages() {
        return numImages;
    }

    /** The classes present in the labels, ascending; row {@code i} of every per-class result is class {@code apClassIndex()[i]}. */
    public int[] apClassIndex() {
        return result.classes().clone();
    }

    /** Labels per class id. */
    public long[] ntPerClass() {
        return ntPerClass.clone();
    }

    /** Images containing each class id. */
    public long[] ntPerImage() {
        return ntPerImage.clone();
    }

    /** Total number of labels. */
    public long numInstances() {
        long total = 0;
        for (long v : ntPerClass) {
            total += v;
        }
        return total;
    }

    /** Mean precision over classes at the max-F1 confidence (0 when no class has labels). */
    public double mp() {
        return result.p().length == 0 ? 0.0 : NumpyMath.mean(result.p());
    }

    /** Mean recall over classes at the max-F1 confidence. */
    public double mr() {
        return result.r().length == 0 ? 0.0 : NumpyMath.mean(result.r());
    }

    /** mAP at IoU 0.50. */
    public double map50() {
        return meanColumn(0);
    }

    /** mAP at IoU 0.75. */
    public double map75() {
        return meanColumn(5);
    }

    /** mAP over IoU 0.50:0.05:0.95 ({@code all_ap.mean()}). */
    public double map() {
        double[][] ap = result.ap();
        if (ap.length == 0) {
            return 0.0;
        }
        int niou = BoxMatching.NUM_IOU;
        double[] flat = new double[ap.length * niou];
        for (int i = 0; i < ap.length; i++) {
            System.arraycopy(ap[i], 0, flat, i * niou, niou);
        }
        return NumpyMath.mean(flat);
    }

    private double meanColumn(int t) {
        double[][] ap = result.ap();
        if (ap.length == 0) {
            return 0.0;
        }
        double[] col = new double[ap.length];
        for (int i = 0; i < ap.length; i++) {
            col[i] = ap[i][t];
        }
        return NumpyMath.mean(col);
    }

    /** [mp, mr, map50, map]. */
    public double[] meanResults() {
        return new double[] {mp(), mr(), map50(), map()};
    }

    /** mAP50-95 per class id; classes without labels get the overall mAP, as Ultralytics fills them. */
    public double[] maps() {
        double[] maps = new double[names.size()];
        Arrays.fill(maps, 0.0 + map());
        int[] classes = result.classes();
        for (int i = 0; i < classes.length; i++) {
            maps[classes[i]] = ap(i);
        }
        return maps;
    }

    /** Weighted sum of {@link #meanResults()} with NaN as 0; in Ultralytics 8.4 that is mAP50-95. */
    public double fitness() {
        double[] mean = meanResults();
        double[] weighted = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            double v = Double.isNaN(mean[i]) ? 0.0 : mean[i];
            weighted[i] = v * FITNESS_WEIGHTS[i];
        }
        return NumpyMath.sum(weighted);
    }

    /** Precision of row {@code i} at the max-F1 confidence. */
    public double precision(int i) {
        return result.p()[row(i)];
    }

    /** Recall of row {@code i} at the max-F1 confidence. */
    public double recall(int i) {
        return result.r()[row(i)];
    }

    /** F1 of row {@code i} at the max-F1 confidence. */
    public double f1(int i) {
        return result.f1()[row(i)];
    }

    /** AP at IoU 0.50 of row {@code i}. */
    public double ap50(int i) {
        return result.ap()[row(i)][0];
    }

    /** AP over IoU 0.50:0.95 of row {@code i} ({@code all_ap.mean(1)}). */
    public double ap(int i) {
        return NumpyMath.mean(result.ap()[row(i)]);
    }

    /** AP of row {@code i} at each of the ten IoU thresholds (a copy). */
    public double[] apPerIou(int i) {
        return result.ap()[row(i)].clone();
    }

    /** [p, r, ap50, ap] of row {@code i} ({@code class_result}). */
    public double[] classResult(int i) {
        return new double[] {precision(i), recall(i), ap50(i), ap(i)};
    }

    private int row(int i) {
        return checkElementIndex(i, result.classes().length, "per-class row");
    }

    /** Ultralytics' {@code results_dict}: the four {@link #KEYS} and {@code fitness}. */
    public Map<String, Double> resultsDict() {
        Map<String, Double> dict = new LinkedHashMap<>();
        double[] mean = meanResults();
        for (int i = 0; i < KEYS.size(); i++) {
            dict.put(KEYS.get(i), mean[i]);
        }
        dict.put("fitness", fitness());
        return dict;
    }

    /** The underlying per-class curves and values (arrays shared; do not modify). */
    public ApPerClass.Result curves() {
        return result;
    }

    /** The results table as Ultralytics prints it; see {@link MetricsReport#table}. */
    public String table(boolean perClass) {
        return MetricsReport.table(this, perClass);
    }

    /** The results as JSON; see {@link MetricsReport#json}. */
    public String toJson() {
        return MetricsReport.json(this);
    }
}
