package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Validation statistics of one image, as Ultralytics' {@code DetectionValidator.update_metrics} records them: for each
 * prediction its correctness at the ten IoU thresholds, its confidence and class; the classes of the labels; and the
 * image's index, which orders images when statistics of several shards are merged; for segmentation and pose also
 * each prediction's correctness by the task's own similarity ({@link #withTaskTp}: mask IoU, Ultralytics'
 * {@code tp_m}, or keypoint OKS, its {@code tp_p}). Immutable.
 */
public final class ImageStats {

    private final int imageIndex;
    private final boolean[][] tp;
    private final float[] conf;
    private final int[] predCls;
    private final int[] targetCls;
    private final boolean[][] taskTp; // tp_m or tp_p; null: detection

    /**
     * Wraps already computed statistics (arrays are copied).
     *
     * @param imageIndex position of the image in the validation set (defines merge order)
     * @param tp         N x 10 correctness of each prediction at IoU 0.50:0.05:0.95
     * @param conf       N confidences
     * @param predCls    N predicted classes
     * @param targetCls  classes of the image's labels
     */
    public ImageStats(int imageIndex, boolean[][] tp, float[] conf, int[] predCls, int[] targetCls) {
        this(imageIndex, tp, conf, predCls, targetCls, null);
    }

    private ImageStats(int imageIndex, boolean[][] tp, float[] conf, int[] predCls, int[] targetCls,
                       boolean[][] taskTp) {
        checkArgument(imageIndex >= 0, "imageIndex is %s, expected >= 0", imageIndex);
        checkArgument(conf.length == tp.length && predCls.length == tp.length,
                "image %s: tp has %s rows, conf %s, predCls %s; expected equal lengths",
                imageIndex, tp.length, conf.length, predCls.length);
        this.imageIndex = imageIndex;
        this.tp = copyOf(tp, imageIndex, "tp");
        this.conf = conf.clone();
        this.predCls = predCls.clone();
        this.targetCls = targetCls.clone();
        checkArgument(taskTp == null || taskTp.length == tp.length, "image %s: tp has %s rows but the task's tp %s",
                imageIndex, tp.length, taskTp == null ? 0 : taskTp.length);
        this.taskTp = taskTp == null ? null : copyOf(taskTp, imageIndex, "task tp");
    }

    private static boolean[][] copyOf(boolean[][] tp, int imageIndex, String what) {
        boolean[][] copy = new boolean[tp.length][];
        for (int i = 0; i < tp.length; i++) {
            checkArgument(tp[i].length == BoxMatching.NUM_IOU, "image %s: %s row %s has %s columns, expected %s",
                    imageIndex, what, i, tp[i].length, BoxMatching.NUM_IOU);
            copy[i] = tp[i].clone();
        }
        return copy;
    }

    /**
     * These statistics with each prediction's correctness at the ten thresholds by the task's own similarity, one row
     * per prediction: mask IoU ({@code tp_m} of Ultralytics' segmentation validator) or keypoint OKS ({@code tp_p} of
     * its pose validator).
     */
    public ImageStats withTaskTp(boolean[][] taskTp) {
        checkArgument(taskTp != null, "image %s: the task's tp is null", imageIndex);
        return new ImageStats(imageIndex, tp, conf, predCls, targetCls, taskTp);
    }

    /** Whether the task's statistics are present ({@link #withTaskTp}). */
    public boolean hasTaskTp() {
        return taskTp != null;
    }

    /** N x 10 correctness by the task's similarity (a copy), or null for detection. */
    public boolean[][] taskTp() {
        return taskTp == null ? null : copyOf(taskTp, imageIndex, "task tp");
    }

    /**
     * Computes an image's statistics from its predictions and labels, given in the same pixel space (Ultralytics 8.4
     * compares them in the letterboxed network input space).
     *
     * @param imageIndex position of the image in the validation set
     * @param predBoxes  N predicted boxes, flat xyxy
     * @param conf       N confidences
     * @param predCls    N predicted classes
     * @param gtBoxes    M label boxes, flat xyxy
     * @param gtCls      M label classes
     */
    public static ImageStats compute(int imageIndex, float[] predBoxes, float[] conf, int[] predCls,
                                     float[] gtBoxes, int[] gtCls) {
        int n = BoxMatching.boxCount(predBoxes, "image " + imageIndex + " predBoxes");
        int m = BoxMatching.boxCount(gtBoxes, "image " + imageIndex + " gtBoxes");
        checkArgument(conf.length == n && predCls.length == n,
                "image %s: %s predicted boxes but %s confidences and %s classes", imageIndex, n, conf.length,
                predCls.length);
        checkArgument(gtCls.length == m, "image %s: %s label boxes but %s label classes", imageIndex, m, gtCls.length);
        boolean[][] tp;
        if (n == 0 || m == 0) {
            tp = new boolean[n][BoxMatching.NUM_IOU];
        } else {
            tp = BoxMatching.matchPredictions(predCls, gtCls, BoxMatching.boxIou(gtBoxes, predBoxes));
        }
        return new ImageStats(imageIndex, tp, conf, predCls, gtCls);
    }

    /** Position of the image in the validation set. */
    public int imageIndex() {
        return imageIndex;
    }

    /** Number of predictions. */
    public int numPredictions() {
        return conf.length;
    }

    /** Correctness of prediction {@code i} at IoU threshold index {@code t} (0 = IoU 0.50, 9 = IoU 0.95). */
    public boolean tp(int i, int t) {
        return tp[i][t];
    }

    /** N x 10 correctness matrix (a copy). */
    public boolean[][] tp() {
        boolean[][] copy = new boolean[tp.length][];
        for (int i = 0; i < tp.length; i++) {
            copy[i] = tp[i].clone();
        }
        return copy;
    }

    /** Confidences (a copy). */
    public float[] conf() {
        return conf.clone();
    }

    /** Predicted classes (a copy). */
    public int[] predCls() {
        return predCls.clone();
    }

    /** Label classes (a copy). */
    public int[] targetCls() {
        return targetCls.clone();
    }

    /** The distinct label classes of the image, ascending ({@code np.unique(cls)}). */
    public int[] targetImg() {
        return Arrays.stream(targetCls).distinct().sorted().toArray();
    }

    // package-private views for the merge, no copies
    boolean[][] tpView() {
        return tp;
    }

    boolean[][] taskTpView() {
        return taskTp;
    }

    float[] confView() {
        return conf;
    }

    int[] predClsView() {
        return predCls;
    }

    int[] targetClsView() {
        return targetCls;
    }
}
