package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Box IoU and the prediction-to-label matching of Ultralytics' validator, in float32 as Ultralytics computes them.
 * Boxes are flat {@code float[]} arrays of {@code x1 y1 x2 y2} quadruples.
 */
public final class BoxMatching {

    /** The ten IoU thresholds 0.50:0.05:0.95, as the float32 values of {@code torch.linspace(0.5, 0.95, 10)}. */
    private static final float[] IOU_THRESHOLDS = {0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f};

    /** Number of IoU thresholds (columns of a TP matrix). */
    public static final int NUM_IOU = IOU_THRESHOLDS.length;

    private static final float IOU_EPS = 1e-7f;

    private BoxMatching() {
    }

    /** The IoU thresholds 0.50:0.05:0.95 (a copy). */
    public static float[] iouThresholds() {
        return IOU_THRESHOLDS.clone();
    }

    /**
     * Pairwise IoU ({@code box_iou}): {@code result[i][j]} is the IoU of box {@code i} of {@code boxes1} with box
     * {@code j} of {@code boxes2}, {@code inter / (area1 + area2 - inter + 1e-7)} in float32.
     */
    public static float[][] boxIou(float[] boxes1, float[] boxes2) {
        int n = boxCount(boxes1, "boxes1");
        int m = boxCount(boxes2, "boxes2");
        float[][] iou = new float[n][m];
        for (int i = 0; i < n; i++) {
            float ax1 = boxes1[4 * i];
            float ay1 = boxes1[4 * i + 1];
            float ax2 = boxes1[4 * i + 2];
            float ay2 = boxes1[4 * i + 3];
            float areaA = (ax2 - ax1) * (ay2 - ay1);
            for (int j = 0; j < m; j++) {
                float bx1 = boxes2[4 * j];
                float by1 = boxes2[4 * j + 1];
                float bx2 = boxes2[4 * j + 2];
                float by2 = boxes2[4 * j + 3];
                float w = Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0f);
                float h = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0f);
                float inter = w * h;
                float areaB = (bx2 - bx1) * (by2 - by1);
                iou[i][j] = inter / (areaA + areaB - inter + IOU_EPS);
            }
        }
        return iou;
    }

    /** Number of boxes in a flat xyxy array, rejecting a length that is not a multiple of 4. */
    static int boxCount(float[] boxes, String what) {
        checkArgument(boxes.length % 4 == 0, "%s: length %s is not a multiple of 4 (x1 y1 x2 y2 per box)",
                what, boxes.length);
        return boxes.length / 4;
    }

    /**
     * Ultralytics' {@code match_predictions} (greedy, not Hungarian): for each IoU threshold, the (label, prediction)
     * pairs of the same class with {@code iou >= threshold} are ordered by IoU descending, the first pair of each
     * prediction is kept (in prediction order), then the first pair of each label among those; the kept predictions
     * are correct at that threshold.
     *
     * @param predCls class of each of the N predictions
     * @param trueCls class of each of the M labels
     * @param iou     M x N IoU of labels (rows) with predictions (columns)
     * @return N x 10 correctness matrix
     */
    public static boolean[][] matchPredictions(int[] predCls, int[] trueCls, float[][] iou) {
        int n = predCls.length;
        int m = trueCls.length;
        checkArgument(iou.length == m, "iou has %s rows but there are %s labels", iou.length, m);
        boolean[][] correct = new boolean[n][NUM_IOU];
        for (int l = 0; l < m; l++) {
            checkArgument(iou[l].length == n, "iou row %s has %s columns but there are %s predictions",
                    l, iou[l].length, n);
        }
        for (int t = 0; t < NUM_IOU; t++) {
            float threshold = IOU_THRESHOLDS[t];
            List<int[]> pairs = new ArrayList<>(); // row-major, as np.nonzero
            for (int l = 0; l < m; l++) {
                for (int d = 0; d < n; d++) {
                    float v = trueCls[l] == predCls[d] ? iou[l][d] : 0f;
                    if (v >= threshold) {
                        pairs.add(new int[] {l, d});
                    }
                }
            }
            if (pairs.size() > 1) {
                pairs = byIouDescending(pairs, iou);
                pairs = firstPerColumn(pairs, 1, n);
                pairs = firstPerColumn(pairs, 0, m);
            }
            for (int[] p : pairs) {
                correct[p[1]][t] = true;
            }
        }
        return correct;
    }

    /**
     * {@code pairs[iou.argsort()[::-1]]}: IoU descending, and among equal IoUs the later pair first (a stable ascending
     * sort reversed, which is what NumPy's argsort gives for the short arrays met per image).
     */
    static List<int[]> byIouDescending(List<int[]> pairs, float[][] iou) {
        List<int[]> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparingDouble(p -> iou[p[0]][p[1]])); // List.sort is stable
        List<int[]> reversed = new ArrayList<>(sorted.size());
        for (int i = sorted.size() - 1; i >= 0; i--) {
            reversed.add(sorted.get(i));
        }
        return reversed;
    }

    /** {@code pairs[np.unique(pairs[:, col], return_index=True)[1]]}: first pair per value, ordered by that value. */
    static List<int[]> firstPerColumn(List<int[]> pairs, int col, int size) {
        int[][] first = new int[size][];
        for (int[] p : pairs) {
            if (first[p[col]] == null) {
                first[p[col]] = p;
            }
        }
        List<int[]> out = new ArrayList<>();
        Arrays.stream(first).filter(p -> p != null).forEach(out::add);
        return out;
    }
}
