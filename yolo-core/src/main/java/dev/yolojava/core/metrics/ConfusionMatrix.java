package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ultralytics' detection {@code ConfusionMatrix}: an (nc+1) x (nc+1) count matrix, rows = predicted class, columns =
 * true class, with a last "background" row (missed labels, FN) and column (unmatched predictions, FP). Predictions are
 * matched to labels class-agnostically at {@code iou > 0.45} after dropping those with {@code conf <= 0.25}. Counts of
 * several shards add up with {@link #add}. Not thread-safe.
 */
public final class ConfusionMatrix {

    /** Ultralytics' default confidence threshold for the matrix. */
    public static final float DEFAULT_CONF = 0.25f;
    /** Ultralytics' default IoU threshold for the matrix. */
    public static final float DEFAULT_IOU = 0.45f;

    private final List<String> names;
    private final int nc;
    private final double[][] matrix;

    /** An empty matrix for the given class names (index = class id). */
    public ConfusionMatrix(List<String> names) {
        checkArgument(!names.isEmpty(), "names is empty: at least one class name is needed");
        this.names = List.copyOf(names);
        this.nc = names.size();
        this.matrix = new double[nc + 1][nc + 1];
    }

    /**
     * The confidence threshold Ultralytics uses for a validation run's {@code conf}: the validator's default 0.001 (or
     * none) means 0.25, anything else is used as given.
     */
    public static float confFor(Double valConf) {
        // Tolerant compare: a float 0.001f widened to double is 0.0010000000474974513.
        return valConf == null || Math.abs(valConf - 0.001) < 1e-9 ? DEFAULT_CONF : valConf.floatValue();
    }

    /** {@link #process(float[], float[], int[], float[], int[], float, float)} with conf 0.25 and IoU 0.45. */
    public void process(float[] predBoxes, float[] conf, int[] predCls, float[] gtBoxes, int[] gtCls) {
        process(predBoxes, conf, predCls, gtBoxes, gtCls, DEFAULT_CONF, DEFAULT_IOU);
    }

    /**
     * Adds one image ({@code process_batch}). Boxes are flat xyxy in the same pixel space.
     *
     * @param confThreshold predictions with {@code conf <= confThreshold} are ignored
     * @param iouThreshold  a prediction matches a label when {@code iou > iouThreshold}
     */
    public void process(float[] predBoxes, float[] conf, int[] predCls, float[] gtBoxes, int[] gtCls,
                        float confThreshold, float iouThreshold) {
        int n = BoxMatching.boxCount(predBoxes, "predBoxes");
        int m = BoxMatching.boxCount(gtBoxes, "gtBoxes");
        checkArgument(conf.length == n && predCls.length == n, "%s predicted boxes but %s confidences and %s classes",
                n, conf.length, predCls.length);
        checkArgument(gtCls.length == m, "%s label boxes but %s label classes", m, gtCls.length);
        checkClasses(predCls, "predicted");
        checkClasses(gtCls, "label");
        if (m > 0 && n == 0) {
            for (int gc : gtCls) {
                matrix[nc][gc]++; // FN
            }
            return;
        }
        // keep predictions above the confidence threshold
        List<Integer> keptList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (conf[i] > confThreshold) {
                keptList.add(i);
            }
        }
        int k = keptList.size();
        float[] boxes = new float[4 * k];
        int[] cls = new int[k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(predBoxes, 4 * keptList.get(i), boxes, 4 * i, 4);
            cls[i] = predCls[keptList.get(i)];
        }
        if (m == 0) {
            for (int dc : cls) {
                matrix[dc][nc]++; // FP
            }
            return;
        }
        float[][] iou = BoxMatching.boxIou(gtBoxes, boxes);
        List<int[]> matches = new ArrayList<>();
        for (int l = 0; l < m; l++) {
            for (int d = 0; d < k; d++) {
                if (iou[l][d] > iouThreshold) {
                    matches.add(new int[] {l, d});
                }
            }
        }
        if (matches.size() > 1) { // best IoU per prediction, then best IoU per label
            matches = BoxMatching.firstPerColumn(BoxMatching.byIouDescending(matches, iou), 1, k);
            matches = BoxMatching.firstPerColumn(BoxMatching.byIouDescending(matches, iou), 0, m);
        }
        int[] labelMatch = new int[m];
        boolean[] predMatched = new boolean[k];
        Arrays.fill(labelMatch, -1);
        for (int[] match : matches) {
            labelMatch[match[0]] = match[1];
            predMatched[match[1]] = true;
        }
        for (int l = 0; l < m; l++) {
            if (labelMatch[l] >= 0) {
                matrix[cls[labelMatch[l]]][gtCls[l]]++; // TP, or FP + FN when the class is wrong
            } else {
                matrix[nc][gtCls[l]]++; // FN
            }
        }
        for (int d = 0; d < k; d++) {
            if (!predMatched[d]) {
                matrix[cls[d]][nc]++; // FP
            }
        }
    }

    private void checkClasses(int[] cls, String what) {
        for (int c : cls) {
            checkArgument(c >= 0 && c < nc, "%s class %s is outside [0, %s) of the %s class names", what, c, nc, nc);
        }
    }

    /** A matrix holding {@code counts} (as {@link #matrix()} returns them), e.g. received from another rank. */
    public static ConfusionMatrix of(List<String> names, double[][] counts) {
        ConfusionMatrix cm = new ConfusionMatrix(names);
        checkArgument(counts.length == cm.nc + 1, "counts has %s rows, expected %s for %s classes", counts.length,
                cm.nc + 1, cm.nc);
        for (int i = 0; i <= cm.nc; i++) {
            checkArgument(counts[i].length == cm.nc + 1, "counts row %s has %s columns, expected %s", i,
                    counts[i].length, cm.nc + 1);
            System.arraycopy(counts[i], 0, cm.matrix[i], 0, cm.nc + 1);
        }
        return cm;
    }

    /** Adds the counts of {@code other} (another shard of the same run). */
    public ConfusionMatrix add(ConfusionMatrix other) {
        checkArgument(other.names.equals(names), "cannot add a confusion matrix of classes %s to one of %s",
                other.names, names);
        for (int i = 0; i <= nc; i++) {
            for (int j = 0; j <= nc; j++) {
                matrix[i][j] += other.matrix[i][j];
            }
        }
        return this;
    }

    /** Class names, index = class id (the background row/column has index {@code names().size()}). */
    public List<String> names() {
        return names;
    }

    /** The counts (a copy), rows = predicted, columns = true, last row/column = background. */
    public double[][] matrix() {
        double[][] copy = new double[nc + 1][];
        for (int i = 0; i <= nc; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /** The matrix with each column divided by its sum (+1e-9), as Ultralytics' normalised plot. */
    public double[][] normalized() {
        double[] colSum = new double[nc + 1];
        for (int i = 0; i <= nc; i++) {
            for (int j = 0; j <= nc; j++) {
                colSum[j] += matrix[i][j];
            }
        }
        double[][] out = new double[nc + 1][nc + 1];
        for (int i = 0; i <= nc; i++) {
            for (int j = 0; j <= nc; j++) {
                out[i][j] = matrix[i][j] / (colSum[j] + 1e-9);
            }
        }
        return out;
    }

    /** True positives per class (the diagonal, background excluded). */
    public double[] truePositives() {
        double[] tp = new double[nc];
        for (int c = 0; c < nc; c++) {
            tp[c] = matrix[c][c];
        }
        return tp;
    }

    /** False positives per class: predictions of the class that are not true positives (row sum minus diagonal). */
    public double[] falsePositives() {
        double[] fp = new double[nc];
        for (int c = 0; c < nc; c++) {
            double rowSum = 0;
            for (int j = 0; j <= nc; j++) {
                rowSum += matrix[c][j];
            }
            fp[c] = rowSum - matrix[c][c];
        }
        return fp;
    }
}
