package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.yolojava.runtime.JavaCppDefaults;
import java.nio.file.Path;
import java.util.List;

/**
 * One split of a YOLO-format dataset: its verified labels (scanned once, then cached) and its images, loaded
 * resized to imgsz on the long side, optionally cached in RAM or on disk. Thread-safe for concurrent
 * {@link #load}; close it to free a RAM cache.
 */
public final class YoloDataset implements AutoCloseable {
  static {
    JavaCppDefaults.apply(); // before any native type loads
  }

  private final List<String> names;
  private final List<ImageLabels> labels;
  private final ScanReport report;
  private final DatasetOptions options;
  private final ImageCache images;

  private YoloDataset(List<String> names, List<ImageLabels> labels, ScanReport report, DatasetOptions options,
      String prefix) {
    this.names = ImmutableList.copyOf(names);
    this.labels = ImmutableList.copyOf(labels);
    this.report = report;
    this.options = options;
    this.images = new ImageCache(this.labels, options.imgsz(), options.cache(), options.threads(), prefix);
  }

  /** Opens a split of a data.yaml. */
  public static YoloDataset open(DataConfig data, Split split, DatasetOptions options) {
    List<Path> sources = data.split(split);
    checkArgument(!sources.isEmpty(), "%s: no '%s' split defined", data.yamlFile(),
        split.name().toLowerCase(java.util.Locale.ROOT));
    return open(sources, data.names(), options, split.name().toLowerCase(java.util.Locale.ROOT) + ": ");
  }

  /** Opens the images under the given sources (dirs or list files) with these class names. */
  public static YoloDataset open(List<Path> sources, List<String> names, DatasetOptions options, String prefix) {
    checkArgument(!names.isEmpty(), "dataset needs at least one class name");
    List<Path> files = ImageFiles.list(sources);
    if (options.fraction() < 1) {
      files = files.subList(0, (int) Math.max(1, Math.round(files.size() * options.fraction())));
    }
    boolean filter = !options.classes().isEmpty();
    for (int id : options.classes()) {
      checkArgument(id >= 0 && id < names.size(), "classes=%s: class %s is not one of the data set's %s classes (0-%s)",
          options.classes(), id, names.size(), names.size() - 1);
    }
    // with classes= the labels are filtered by their own ids first, then single_cls makes them 0 (as Ultralytics)
    LabelCache.Content c =
        DatasetScanner.scan(files, names.size(), options.singleCls() && !filter, options.keypoints(), options.threads(),
            prefix);
    List<ImageLabels> labels = filter ? keepClasses(c.labels(), options.classes(), options.singleCls()) : c.labels();
    return new YoloDataset(names, labels, c.report(), options, prefix);
  }

  /** Ultralytics' {@code update_labels(include_class)}: each image keeps only the labels of those classes. */
  private static List<ImageLabels> keepClasses(List<ImageLabels> all, List<Integer> ids, boolean singleCls) {
    java.util.Set<Integer> keep = java.util.Set.copyOf(ids);
    List<ImageLabels> out = new java.util.ArrayList<>(all.size());
    for (ImageLabels l : all) {
      int n = 0;
      for (float c : l.cls()) {
        n += keep.contains((int) c) ? 1 : 0;
      }
      float[] cls = new float[n];
      float[] boxes = new float[4 * n];
      float[][] segments = l.segments() == null ? null : new float[n][];
      float[][] keypoints = l.keypoints() == null ? null : new float[n][];
      int j = 0;
      for (int i = 0; i < l.size(); i++) {
        if (keep.contains((int) l.cls()[i])) {
          cls[j] = singleCls ? 0 : l.cls()[i];
          System.arraycopy(l.boxes(), 4 * i, boxes, 4 * j, 4);
          if (segments != null) {
            segments[j] = l.segments()[i];
          }
          if (keypoints != null) {
            keypoints[j] = l.keypoints()[i];
          }
          j++;
        }
      }
      out.add(new ImageLabels(l.image(), l.height(), l.width(), cls, boxes, segments, keypoints));
    }
    return out;
  }

  public int size() {
    return labels.size();
  }

  public ImageLabels labels(int i) {
    checkElementIndex(i, labels.size(), "sample index");
    return labels.get(i);
  }

  public List<ImageLabels> labels() {
    return labels;
  }

  public List<String> names() {
    return names;
  }

  public int nc() {
    return names.size();
  }

  /**
   * Whether the labels are polygons (every labelled image has an outline per box), which training then carries
   * through its augmentation as Ultralytics does (boxes follow their outlines through the warp).
   */
  public boolean hasSegments() {
    boolean any = false;
    for (ImageLabels l : labels) {
      if (!l.hasSegments()) {
        return false;
      }
      any |= l.segments() != null;
    }
    return any;
  }

  /** The keypoints of a pose data set's labels ({@code kpt_shape}, {@code flip_idx}), or null. */
  public KeypointSpec keypoints() {
    return options.keypoints();
  }

  public int imgsz() {
    return options.imgsz();
  }

  public ScanReport report() {
    return report;
  }

  /** The cache actually in use (disk falls back to none on a read-only folder). */
  public CacheMode cacheMode() {
    return images.mode();
  }

  /** Sample {@code i}'s image, long side resized to imgsz; close it when done (a no-op for RAM-cached images). */
  public LoadedImage load(int i) {
    checkElementIndex(i, labels.size(), "sample index");
    return images.load(i);
  }

  /**
   * Sample {@code i}'s image decoded from its file's bytes, already read by the caller; for datasets without a
   * cache ({@link #cacheMode} NONE), where it is what {@link #load} returns.
   */
  public LoadedImage decode(int i, byte[] encoded) {
    checkElementIndex(i, labels.size(), "sample index");
    checkState(cacheMode() == CacheMode.NONE, "decode(i, bytes) is for uncached datasets, this one caches in %s",
        cacheMode());
    return images.decode(i, encoded);
  }

  @Override
  public void close() {
    images.close();
  }
}
