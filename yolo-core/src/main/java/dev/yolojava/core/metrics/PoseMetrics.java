package dev.yolojava.core.metrics;

import java.util.List;

/**
 * Pose metrics of a validation run, as Ultralytics' {@code PoseMetrics}: the box metrics ({@link #box()}, from box
 * IoU) and the keypoint metrics ({@link #pose()}, the same predictions matched by keypoint OKS), each P, R, mAP50 and
 * mAP50-95 at the max-F1 confidence; fitness is the sum of both fitnesses (mAP50-95 of keypoints plus of boxes).
 */
public final class PoseMetrics extends TaskMetrics {

    /** Keys of {@link #resultsDict()} besides {@code fitness}, as Ultralytics names them. */
    public static final List<String> KEYS = Kind.POSE.keys();

    private PoseMetrics(DetMetrics box, DetMetrics pose) {
        super(Kind.POSE, box, pose);
    }

    /** Box and keypoint metrics of {@code stats}, whose images all carry OKS statistics ({@code tp_p}). */
    public static PoseMetrics compute(BoxStats stats, List<String> names) {
        return new PoseMetrics(DetMetrics.compute(stats, names), DetMetrics.computeTask(stats, names));
    }

    /** Metrics by keypoint OKS ({@code metrics.pose}): {@code pose().map()} is pose mAP50-95. */
    public DetMetrics pose() {
        return part();
    }
}
