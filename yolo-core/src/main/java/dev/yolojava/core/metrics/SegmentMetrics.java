package dev.yolojava.core.metrics;

import java.util.List;

/**
 * Segmentation metrics of a validation run, as Ultralytics' {@code SegmentMetrics}: the box metrics ({@link #box()},
 * from box IoU) and the mask metrics ({@link #seg()}, the same predictions matched by mask IoU), each P, R, mAP50 and
 * mAP50-95 at the max-F1 confidence; fitness is the sum of both fitnesses (mAP50-95 of masks plus of boxes).
 */
public final class SegmentMetrics extends TaskMetrics {

    /** Keys of {@link #resultsDict()} besides {@code fitness}, as Ultralytics names them. */
    public static final List<String> KEYS = Kind.MASK.keys();

    private SegmentMetrics(DetMetrics box, DetMetrics seg) {
        super(Kind.MASK, box, seg);
    }

    /** Box and mask metrics of {@code stats}, whose images all carry mask statistics. */
    public static SegmentMetrics compute(BoxStats stats, List<String> names) {
        return new SegmentMetrics(DetMetrics.compute(stats, names), DetMetrics.computeTask(stats, names));
    }

    /** Metrics by mask IoU ({@code metrics.seg}): {@code seg().map()} is mask mAP50-95. */
    public DetMetrics seg() {
        return part();
    }
}
