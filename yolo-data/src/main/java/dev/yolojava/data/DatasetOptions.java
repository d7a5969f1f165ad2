package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * How a split is opened: the training image size (long side after loading), the image cache, Ultralytics'
 * {@code single_cls}, {@code fraction} and {@code classes} (keep only these class ids' labels; empty keeps all),
 * the threads used to scan and fill caches, and for a pose model the data set's keypoints ({@code kpt_shape}: the
 * labels are read as keypoint labels), else null.
 */
public record DatasetOptions(int imgsz, CacheMode cache, boolean singleCls, double fraction, int threads,
    List<Integer> classes, KeypointSpec keypoints) {
  public DatasetOptions {
    checkArgument(imgsz >= 32, "imgsz is %s, expected >= 32", imgsz);
    checkArgument(fraction > 0 && fraction <= 1, "fraction is %s, expected in (0, 1]", fraction);
    checkArgument(threads >= 1, "threads is %s, expected >= 1", threads);
    classes = classes == null ? List.of() : List.copyOf(classes);
  }

  public DatasetOptions(int imgsz, CacheMode cache, boolean singleCls, double fraction, int threads,
      List<Integer> classes) {
    this(imgsz, cache, singleCls, fraction, threads, classes, null);
  }

  /** imgsz with no cache, all classes, the whole split, one thread per core (at most 8). */
  public static DatasetOptions of(int imgsz) {
    return new DatasetOptions(imgsz, CacheMode.NONE, false, 1.0,
        Math.min(8, Runtime.getRuntime().availableProcessors()), List.of());
  }

  public DatasetOptions withCache(CacheMode c) {
    return new DatasetOptions(imgsz, c, singleCls, fraction, threads, classes, keypoints);
  }

  public DatasetOptions withThreads(int n) {
    return new DatasetOptions(imgsz, cache, singleCls, fraction, n, classes, keypoints);
  }

  public DatasetOptions withSingleCls(boolean b) {
    return new DatasetOptions(imgsz, cache, b, fraction, threads, classes, keypoints);
  }

  public DatasetOptions withFraction(double f) {
    return new DatasetOptions(imgsz, cache, singleCls, f, threads, classes, keypoints);
  }

  /** Keypoint labels of this shape (a pose model's val or training), or null for boxes and polygons. */
  public DatasetOptions withKeypoints(KeypointSpec k) {
    return new DatasetOptions(imgsz, cache, singleCls, fraction, threads, classes, k);
  }

  /** Ultralytics' {@code classes}: only these class ids' labels are kept (images without any stay, as background). */
  public DatasetOptions withClasses(List<Integer> ids) {
    return new DatasetOptions(imgsz, cache, singleCls, fraction, threads, ids, keypoints);
  }
}
