package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pose data set's keypoints, from its {@code data.yaml}: {@code kpt_shape} {@code [count, dims]} (dims 2: x y, 3: x
 * y visibility per keypoint) and {@code flip_idx}, the keypoint each one becomes in a horizontal flip (empty when the
 * yaml has none: Ultralytics then turns flips off in training).
 *
 * @param count keypoints per object
 * @param dims 2 or 3 values per keypoint in the label files
 * @param flipIdx a permutation of {@code 0..count-1}, or empty
 */
public record KeypointSpec(int count, int dims, List<Integer> flipIdx) {
  public KeypointSpec {
    checkArgument(count >= 1 && (dims == 2 || dims == 3), "kpt_shape is [%s, %s], expected [number of keypoints,"
        + " number of dims (2 for x,y or 3 for x,y,visible)], e.g. [17, 3]", count, dims);
    flipIdx = List.copyOf(flipIdx);
    checkArgument(flipIdx.isEmpty() || flipIdx.size() == count, "flip_idx=%s has %s entries, expected kpt_shape[0]=%s"
        + " (the keypoint each keypoint becomes in a horizontal flip)", flipIdx, flipIdx.size(), count);
    Set<Integer> seen = new HashSet<>();
    for (int i : flipIdx) {
      checkArgument(i >= 0 && i < count && seen.add(i), "flip_idx=%s is not a permutation of 0-%s: %s is %s", flipIdx,
          count - 1, i, i < 0 || i >= count ? "out of range" : "repeated");
    }
  }

  /** Columns of one label line: {@code cls cx cy w h} and {@code dims} values per keypoint. */
  public int columns() {
    return 5 + count * dims;
  }

  /** {@code [count, dims]}, as the yaml writes it. */
  public String shapeString() {
    return "[" + count + ", " + dims + "]";
  }

  /**
   * Reads {@code kpt_shape} and {@code flip_idx} as a data.yaml holds them; null when {@code kptShape} is null (not a
   * pose data set). {@code file} names the yaml in messages.
   */
  static KeypointSpec parse(Object kptShape, Object flipIdx, String file) {
    if (kptShape == null) {
      checkArgument(flipIdx == null || flipIdx instanceof List<?> l && l.isEmpty(),
          "%s: 'flip_idx' without 'kpt_shape': a pose data set needs kpt_shape: [number of keypoints, 2 or 3]", file);
      return null;
    }
    List<Integer> shape = integers(kptShape, file, "kpt_shape");
    checkArgument(shape.size() == 2, "%s: 'kpt_shape' is %s, expected [number of keypoints, number of dims (2 for x,y"
        + " or 3 for x,y,visible)], e.g. 'kpt_shape: [17, 3]'", file, kptShape);
    List<Integer> flip = flipIdx == null ? List.of() : integers(flipIdx, file, "flip_idx");
    try {
      return new KeypointSpec(shape.get(0), shape.get(1), flip);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static List<Integer> integers(Object v, String file, String key) {
    checkArgument(v instanceof List<?>, "%s: '%s' is %s, expected a list of integers", file, key, v);
    List<Integer> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      checkArgument(o instanceof Integer, "%s: '%s' is %s, expected a list of integers", file, key, v);
      out.add((Integer) o);
    }
    return out;
  }
}
