package dev.yolojava.core.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Per-image statistics of a validation run, keyed by image index. Statistics collected on shards (threads, processes,
 * GPUs) in any split are merged by union; {@link #concatenated()} always lays the images out in index order, so the
 * metrics computed from a merge are bit-identical to those of a single pass over the images in order. Not
 * thread-safe: give each worker its own instance and merge them.
 */
public final class BoxStats {

    private final TreeMap<Integer, ImageStats> images = new TreeMap<>();

    /** Adds one image's statistics; each image index may be added once. */
    public BoxStats add(ImageStats image) {
        ImageStats previous = images.putIfAbsent(image.imageIndex(), image);
        checkArgument(previous == null, "image %s is already in these stats", image.imageIndex());
        return this;
    }

    /** Adds all images of {@code other}; the two must not share an image index. */
    public BoxStats addAll(BoxStats other) {
        for (ImageStats image : other.images.values()) {
            add(image);
        }
        return this;
    }

    /** A new instance holding the union of {@code shards}, which must be disjoint in image indices. */
    public static BoxStats merge(Collection<BoxStats> shards) {
        BoxStats merged = new BoxStats();
        for (BoxStats shard : shards) {
            merged.addAll(shard);
        }
        return merged;
    }

    /** Number of images (Ultralytics' {@code seen}). */
    public int numImages() {
        return images.size();
    }

    /** The images in index order. */
    public List<ImageStats> images() {
        return List.copyOf(images.values());
    }

    /** The statistics of all images concatenated in image-index order ({@code np.concatenate} of each field). */
    public Concatenated concatenated() {
        int n = 0;
        int nt = 0;
        int nImg = 0;
        List<int[]> targetImgs = new ArrayList<>(images.size());
        for (ImageStats image : images.values()) {
            n += image.numPredictions();
            nt += image.targetClsView().length;
            int[] ti = image.targetImg();
            targetImgs.add(ti);
            nImg += ti.length;
        }
        boolean[][] tp = new boolean[n][];
        boolean task = images.values().stream().allMatch(ImageStats::hasTaskTp); // and no image: an empty tp
        boolean[][] taskTp = task ? new boolean[n][] : null;
        float[] conf = new float[n];
        int[] predCls = new int[n];
        int[] targetCls = new int[nt];
        int[] targetImg = new int[nImg];
        int p = 0;
        int t = 0;
        int ti = 0;
        int k = 0;
        for (ImageStats image : images.values()) {
            int np = image.numPredictions();
            System.arraycopy(image.tpView(), 0, tp, p, np);
            if (task) {
                System.arraycopy(image.taskTpView(), 0, taskTp, p, np);
            }
            System.arraycopy(image.confView(), 0, conf, p, np);
            System.arraycopy(image.predClsView(), 0, predCls, p, np);
            p += np;
            int[] cls = image.targetClsView();
            System.arraycopy(cls, 0, targetCls, t, cls.length);
            t += cls.length;
            int[] img = targetImgs.get(k++);
            System.arraycopy(img, 0, targetImg, ti, img.length);
            ti += img.length;
        }
        return new Concatenated(tp, conf, predCls, targetCls, targetImg, taskTp);
    }

    /**
     * All images' statistics as flat arrays (shared, not copied: treat as read-only).
     *
     * @param tp        N x 10 correctness of every prediction
     * @param conf      N confidences
     * @param predCls   N predicted classes
     * @param targetCls classes of every label
     * @param targetImg each image's distinct label classes, concatenated
     * @param taskTp    N x 10 correctness by the task's similarity (mask IoU, keypoint OKS) when every image has it
     *                  ({@link ImageStats#withTaskTp}), else null
     */
    public record Concatenated(boolean[][] tp, float[] conf, int[] predCls, int[] targetCls, int[] targetImg,
                               boolean[][] taskTp) {
    }

    /** Whether there are images and every one carries the task's statistics (a segment or pose validation). */
    public boolean hasTaskTp() {
        return !images.isEmpty() && images.values().stream().allMatch(ImageStats::hasTaskTp);
    }
}
