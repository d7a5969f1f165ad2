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
    LabelCache.Content c = DatasetScanner.scan(files, names.size(), options.singleCls(), options.threads(), prefix);
    return new YoloDataset(names, c.labels(), c.report(), options, prefix);
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
