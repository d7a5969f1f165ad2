package dev.yolojava.data;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What a dataset scan found, counted as Ultralytics counts: {@code found} images with a label file,
 * {@code missing} images without one and {@code empty} label files (both "backgrounds"), {@code corrupt} images
 * dropped; plus label lines skipped and duplicate rows removed, and every warning message.
 */
public record ScanReport(
    int found, int missing, int empty, int corrupt, int badLines, int duplicates, List<String> messages,
    boolean fromCache) {
  public ScanReport {
    messages = ImmutableList.copyOf(messages);
  }

  /** Images kept for use (all but the corrupt ones). */
  public int images() {
    return found + missing;
  }

  /** Ultralytics-style one-liner, e.g. {@code "4000 images, 0 backgrounds, 2 corrupt"}. */
  public String summary() {
    String s = found + " images, " + (missing + empty) + " backgrounds, " + corrupt + " corrupt";
    if (badLines > 0) {
      s += ", " + badLines + " bad label lines skipped";
    }
    return s;
  }

  ScanReport withFromCache(boolean cached) {
    return new ScanReport(found, missing, empty, corrupt, badLines, duplicates, messages, cached);
  }
}
