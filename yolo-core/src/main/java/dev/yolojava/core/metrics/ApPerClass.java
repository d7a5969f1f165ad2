package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Ultralytics' {@code ap_per_class}: per-class precision/recall curves over a 1000-point confidence grid, AP at ten IoU
 * thresholds by 101-point interpolation of the precision envelope, and P/R/F1 at the maximum of the smoothed mean F1.
 * Computed in float64 with NumPy's evaluation order.
 */
public final class ApPerClass {

    /** Points of the confidence grid {@code linspace(0, 1, 1000)} on which the P, R and F1 curves are sampled. */
    public static final int CURVE_POINTS = 1000;

    private static final double EPS = 1e-16;
    private static final double[] GRID = NumpyMath.linspace(0, 1, CURVE_POINTS);
    private static final double[] NEG_GRID = Arrays.stream(GRID).map(v -> -v).toArray();
    private static final double[] AP_GRID = NumpyMath.linspace(0, 1, 101); // COCO 101-point interpolation

    private ApPerClass() {
    }

    /**
     * Computes the per-class results.
     *
     * @param tp        N x 10 correctness of each prediction
     * @param conf      N confidences
     * @param predCls   N predicted classes
     * @param targetCls classes of all labels
     */
    public static Result compute(boolean[][] tp, float[] conf, int[] predCls, int[] targetCls) {
        int n = conf.length;
        checkArgument(tp.length == n && predCls.length == n, "tp has %s rows, conf %s, predCls %s; expected equal",
                tp.length, n, predCls.length);
        int niou = BoxMatching.NUM_IOU;
        int[] order = byConfidenceDescending(conf);

        int[] sortedTargets = targetCls.clone();
        Arrays.sort(sortedTargets);
        int[] classes = Arrays.stream(sortedTargets).distinct().toArray();
        int nc = classes.length;
        long[] nt = new long[nc];
        for (int c : sortedTargets) {
            nt[Arrays.binarySearch(classes, c)]++;
        }

        double[][] ap = new double[nc][niou];
        double[][] pCurve = new double[nc][CURVE_POINTS];
        double[][] rCurve = new double[nc][CURVE_POINTS];
        double[][] precValues = new double[nc][];
        int[][] byClass = predictionsByClass(order, predCls, classes);
        for (int ci = 0; ci < nc; ci++) {
            int[] idx = byClass[ci];
            int np = idx.length;
            if (np == 0) {
                continue;
            }
            double labels = nt[ci] + EPS;
            double[] negConf = new double[np];
            double[][] recall = new double[niou][np];
            double[][] precision = new double[niou][np];
            long[] tpc = new long[niou];
            for (int k = 0; k < np; k++) {
                negConf[k] = -(double) conf[idx[k]];
                for (int j = 0; j < niou; j++) {
                    if (tp[idx[k]][j]) {
                        tpc[j]++;
                    }
                    long fpc = (k + 1) - tpc[j];
                    recall[j][k] = tpc[j] / labels;
                    precision[j][k] = (double) tpc[j] / (double) (tpc[j] + fpc);
                }
            }
            // xp = -conf increases along the sorted predictions, hence the negated grid
            rCurve[ci] = NumpyMath.interp(NEG_GRID, negConf, recall[0], 0.0, recall[0][np - 1]);
            pCurve[ci] = NumpyMath.interp(NEG_GRID, negConf, precision[0], 1.0, precision[0][np - 1]);
            for (int j = 0; j < niou; j++) {
                double[][] envelope = envelope(recall[j], precision[j]);
                ap[ci][j] = NumpyMath.trapezoid(NumpyMath.interp(AP_GRID, envelope[0], envelope[1]), AP_GRID);
                if (j == 0) {
                    precValues[ci] = NumpyMath.interp(GRID, envelope[0], envelope[1]);
                }
            }
        }

        double[][] f1Curve = new double[nc][CURVE_POINTS];
        double[] meanF1 = new double[CURVE_POINTS];
        for (int ci = 0; ci < nc; ci++) {
            for (int k = 0; k < CURVE_POINTS; k++) {
                double p = pCurve[ci][k];
                double r = rCurve[ci][k];
                f1Curve[ci][k] = 2 * p * r / (p + r + EPS);
                meanF1[k] += f1Curve[ci][k]; // f1_curve.mean(0): rows accumulated in order
            }
        }
        for (int k = 0; k < CURVE_POINTS; k++) {
            meanF1[k] /= nc; // NaN for no classes, as NumPy; argmax then picks index 0
        }
        int best = NumpyMath.argmax(NumpyMath.smooth(meanF1, 0.1));
        double[] p = new double[nc];
        double[] r = new double[nc];
        double[] f1 = new double[nc];
        double[] tpAtBest = new double[nc];
        double[] fpAtBest = new double[nc];
        for (int ci = 0; ci < nc; ci++) {
            p[ci] = pCurve[ci][best];
            r[ci] = rCurve[ci][best];
            f1[ci] = f1Curve[ci][best];
            tpAtBest[ci] = Math.rint(r[ci] * nt[ci]);
            fpAtBest[ci] = Math.rint(tpAtBest[ci] / (p[ci] + EPS) - tpAtBest[ci]);
        }
        return new Result(classes, nt, tpAtBest, fpAtBest, p, r, f1, ap, pCurve, rCurve, f1Curve, GRID.clone(),
                precValues, best);
    }

    /**
     * Indices of {@code conf} by confidence descending; equal confidences keep their input order. NumPy's default
     * argsort (quicksort / SIMD sort) leaves the order of ties unspecified, so a stable order is the reproducible one.
     */
    static int[] byConfidenceDescending(float[] conf) {
        long[] keys = new long[conf.length];
        for (int i = 0; i < conf.length; i++) {
            float neg = -conf[i] + 0.0f; // + 0.0f turns -0.0 into 0.0 so both sort as equal
            int bits = Float.floatToIntBits(neg);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // float order as signed int order
            keys[i] = ((long) sortable << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[conf.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** For each class of {@code classes}, the indices in {@code order} of its predictions, in that order. */
    private static int[][] predictionsByClass(int[] order, int[] predCls, int[] classes) {
        int[] counts = new int[classes.length];
        int[] row = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            row[k] = Arrays.binarySearch(classes, predCls[order[k]]); // negative: class without labels
            if (row[k] >= 0) {
                counts[row[k]]++;
            }
        }
        int[][] out = new int[classes.length][];
        for (int ci = 0; ci < classes.length; ci++) {
            out[ci] = new int[counts[ci]];
        }
        int[] fill = new int[classes.length];
        for (int k = 0; k < order.length; k++) {
            if (row[k] >= 0) {
                out[row[k]][fill[row[k]]++] = order[k];
            }
        }
        return out;
    }

    /** Recall with sentinels and the precision envelope ({@code compute_ap} before integration). */
    private static double[][] envelope(double[] recall, double[] precision) {
        int n = recall.length;
        double[] mrec = new double[n + 3];
        double[] mpre = new double[n + 3];
        mrec[0] = 0.0;
        mpre[0] = 1.0;
        System.arraycopy(recall, 0, mrec, 1, n);
        System.arraycopy(precision, 0, mpre, 1, n);
        mrec[n + 1] = n > 0 ? recall[n - 1] : 1.0;
        mrec[n + 2] = 1.0;
        mpre[n + 1] = 0.0;
        mpre[n + 2] = 0.0;
        for (int i = n + 1; i >= 0; i--) {
            mpre[i] = Math.max(mpre[i], mpre[i + 1]);
        }
        return new double[][] {mrec, mpre};
    }

    /**
     * Ultralytics' {@code compute_ap}: area under the 101-point interpolated precision envelope of one recall/precision
     * curve (a perfect detector scores 0.995, since the envelope drops to 0 at recall 1).
     */
    public static double computeAp(double[] recall, double[] precision) {
        checkArgument(recall.length == precision.length, "recall has %s points but precision %s",
                recall.length, precision.length);
        double[][] env = envelope(recall, precision);
        return NumpyMath.trapezoid(NumpyMath.interp(AP_GRID, env[0], env[1]), AP_GRID);
    }

    /**
     * Per-class results, one row per class present in the labels ({@code classes}, ascending). Arrays are shared.
     *
     * @param classes    classes present in the labels (Ultralytics' {@code ap_class_index})
     * @param nt         number of labels of each class
     * @param tp         true positives of each class at the max-F1 confidence
     * @param fp         false positives of each class at the max-F1 confidence
     * @param p          precision at the max-F1 confidence
     * @param r          recall at the max-F1 confidence
     * @param f1         F1 at the max-F1 confidence
     * @param ap         AP of each class at the ten IoU thresholds
     * @param pCurve     precision vs confidence
     * @param rCurve     recall vs confidence
     * @param f1Curve    F1 vs confidence
     * @param grid       the confidence / recall grid of the curves
     * @param precValues interpolated precision vs recall at IoU 0.5; {@code null} for a class without predictions
     * @param bestIndex  grid index of the maximum smoothed mean F1
     */
    public record Result(int[] classes, long[] nt, double[] tp, double[] fp, double[] p, double[] r, double[] f1,
                         double[][] ap, double[][] pCurve, double[][] rCurve, double[][] f1Curve, double[] grid,
                         double[][] precValues, int bestIndex) {
    }
}
