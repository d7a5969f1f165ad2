package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Object keypoint similarity as Ultralytics' pose validation computes it ({@code kpt_iou}, in float32): for a label
 * with keypoints {@code g} and a prediction with keypoints {@code p},
 * {@code sum_k v_k exp(-d_k / ((2 sigma_k)^2 (area + 1e-7) 2)) / (sum_k v_k + 1e-7)}, where {@code d_k} is the squared
 * distance of keypoint {@code k}, {@code v_k} whether the label's keypoint is visible (visibility not 0) and
 * {@code area} the label box's {@code w * h * 0.53} ({@link #area}). The sigmas are COCO's for 17 keypoints with
 * three values each ({@link #cocoSigmas()}), else {@code 1 / count} each.
 */
public final class Oks {
    private Oks() {
    }

    /** COCO's per-keypoint sigmas (Ultralytics' {@code OKS_SIGMA}: these over 10, in float32). */
    private static final float[] COCO = {0.26f, 0.25f, 0.25f, 0.35f, 0.35f, 0.79f, 0.79f, 0.72f, 0.72f, 0.62f, 0.62f,
        1.07f, 1.07f, 0.87f, 0.87f, 0.89f, 0.89f};

    /** Ultralytics' {@code OKS_SIGMA} (a copy). */
    public static float[] cocoSigmas() {
        float[] s = new float[COCO.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = COCO[i] / 10f;
        }
        return s;
    }

    /**
     * The sigmas Ultralytics' {@code PoseValidator} uses for {@code kpt_shape}: {@link #cocoSigmas()} for {@code [17, 3]},
     * else {@code 1 / count} for every keypoint.
     */
    public static float[] sigmas(int count, int dims) {
        checkArgument(count >= 1, "kpt_shape [%s, %s]: expected at least one keypoint", count, dims);
        if (count == 17 && dims == 3) {
            return cocoSigmas();
        }
        float[] s = new float[count];
        java.util.Arrays.fill(s, (float) (1.0 / count)); // np.ones(nkpt) / nkpt, then float32
        return s;
    }

    /** A label's OKS area from its box ({@code x1 y1 x2 y2}): {@code w * h * 0.53}, in float32. */
    public static float area(float x1, float y1, float x2, float y2) {
        return (x2 - x1) * (y2 - y1) * 0.53f;
    }

    /**
     * {@code kpt_iou(gt, pred, area, sigma)}: {@code oks[i][j]} of label {@code i} with prediction {@code j}.
     *
     * @param gt    M labels' keypoints, {@code x y visibility} per keypoint ({@code M * count * 3} values)
     * @param pred  N predictions' keypoints, {@code predDims} values per keypoint (x y first; the rest is not used)
     * @param predDims 2 or 3
     * @param area  M areas ({@link #area})
     * @param sigma {@code count} sigmas ({@link #sigmas})
     */
    public static float[][] iou(float[] gt, float[] pred, int predDims, float[] area, float[] sigma) {
        int count = sigma.length;
        int m = area.length;
        checkArgument(gt.length == m * count * 3, "OKS: %s label keypoint values, expected %s labels x %s keypoints x 3",
                gt.length, m, count);
        checkArgument(predDims >= 2 && pred.length % (count * predDims) == 0,
                "OKS: %s predicted keypoint values, expected a multiple of %s keypoints x %s", pred.length, count,
                predDims);
        int n = pred.length / (count * predDims);
        float[] scale = new float[count]; // (2 sigma)^2
        for (int k = 0; k < count; k++) {
            float s2 = 2 * sigma[k];
            scale[k] = s2 * s2;
        }
        float[][] oks = new float[m][n];
        for (int i = 0; i < m; i++) {
            float a = area[i] + 1e-7f;
            int visible = 0;
            for (int k = 0; k < count; k++) {
                visible += gt[(i * count + k) * 3 + 2] != 0 ? 1 : 0;
            }
            float norm = visible + 1e-7f;
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int k = 0; k < count; k++) {
                    int g = (i * count + k) * 3;
                    if (gt[g + 2] == 0) {
                        continue; // exp(-e) * 0
                    }
                    int p = (j * count + k) * predDims;
                    float dx = gt[g] - pred[p];
                    float dy = gt[g + 1] - pred[p + 1];
                    float d = dx * dx + dy * dy;
                    float e = d / (scale[k] * a * 2);
                    sum += (float) Math.exp(-e);
                }
                oks[i][j] = sum / norm;
            }
        }
        return oks;
    }
}
