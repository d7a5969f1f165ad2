package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Segment labels as Ultralytics prepares them: outlines resampled to a fixed number of points
 * ({@code resample_segments}), then drawn into masks ({@code polygon2mask}: filled at the image size with integer
 * vertices, resized down by the mask ratio) either one per object ({@code polygons2masks}) or as one index map
 * ({@code polygons2masks_overlap}, {@code overlap_mask=True}). Outlines are flat {@code x1 y1 x2 y2 ...} arrays.
 */
public final class Polygons {
  /** Points each outline is resampled to (Ultralytics' {@code segment_resamples} for segments). */
  public static final int RESAMPLE_POINTS = 1000;

  private Polygons() {}

  /**
   * The point count an image's outlines are resampled to, as Ultralytics' {@code update_labels_info}: 1000, or one
   * more than the longest outline when that is longer.
   */
  public static int resampleCount(float[][] outlines) {
    int longest = 0;
    for (float[] s : outlines) {
      longest = Math.max(longest, s.length / 2);
    }
    return longest > RESAMPLE_POINTS ? longest + 1 : RESAMPLE_POINTS;
  }

  /**
   * {@code resample_segments}: the closed outline ({@code xy} and its first point again) sampled at {@code n}
   * points by linear interpolation along the vertex index, every original vertex among them when there are fewer
   * than {@code n}; computed in float64 as NumPy's {@code linspace}/{@code interp} and stored as float32. An outline
   * of exactly {@code n} points is returned as it is (a copy).
   */
  public static float[] resample(float[] xy, int n) {
    checkArgument(xy.length >= 2 && xy.length % 2 == 0, "an outline needs x y pairs, got %s values", xy.length);
    int m = xy.length / 2;
    if (m == n) {
      return xy.clone();
    }
    int closed = m + 1; // the first point repeated at the end
    double last = closed - 1;
    double[] x;
    if (closed < n) {
      double[] between = linspace(last, n - closed);
      x = new double[n];
      int b = 0;
      int k = 0;
      for (int v = 0; v < closed; v++) { // np.insert at np.searchsorted(x, xp): each vertex before equal values
        while (b < between.length && between[b] < v) {
          x[k++] = between[b++];
        }
        x[k++] = v;
      }
      while (b < between.length) {
        x[k++] = between[b++];
      }
    } else {
      x = linspace(last, n);
    }
    float[] out = new float[2 * x.length];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x.length; i++) {
        out[2 * i + c] = (float) interp(x[i], xy, c, m);
      }
    }
    return out;
  }

  /** {@code np.linspace(0, stop, num)}: {@code i * (stop / (num - 1))}, the last value exactly {@code stop}. */
  private static double[] linspace(double stop, int num) {
    double[] y = new double[num];
    if (num == 1) {
      return y;
    }
    double step = stop / (num - 1);
    for (int i = 0; i < num; i++) {
      y[i] = i * step;
    }
    y[num - 1] = stop;
    return y;
  }

  /** {@code np.interp} at {@code x} over vertices 0..m (vertex m is vertex 0 again), coordinate {@code c}. */
  private static double interp(double x, float[] xy, int c, int m) {
    if (x >= m) {
      return xy[c]; // the closing point
    }
    if (x <= 0) {
      return xy[c];
    }
    int j = (int) Math.floor(x);
    double y0 = xy[2 * j + c];
    if (x == j) {
      return y0;
    }
    double y1 = j + 1 == m ? xy[c] : xy[2 * (j + 1) + c];
    double slope = (y1 - y0) / 1.0;
    return slope * (x - j) + y0;
  }

  /**
   * {@code polygon2mask}: the outline filled with 1 on a zero {@code h x w} image (vertices cast to int, OpenCV's
   * 8-connected fill), then resized to {@code (h / ratio) x (w / ratio)} bilinearly; row-major bytes.
   */
  public static byte[] mask(int h, int w, float[] xy, int ratio) {
    checkArgument(ratio >= 1, "mask_ratio is %s, expected an integer >= 1", ratio);
    int n = xy.length / 2;
    int mh = h / ratio;
    int mw = w / ratio;
    try (Mat full = new Mat(h, w, opencv_core.CV_8UC1, Scalar.all(0));
        Point pts = new Point(Math.max(1, n));
        Point offset = new Point(0, 0);
        Scalar one = Scalar.all(1)) {
      for (int i = 0; i < n; i++) {
        pts.position(i).x((int) xy[2 * i]).y((int) xy[2 * i + 1]); // np.int32: toward zero
      }
      pts.position(0);
      if (n > 0) {
        opencv_imgproc.fillPoly(full, pts, new int[] {n}, 1, one, opencv_imgproc.LINE_8, 0, offset);
      }
      byte[] out = new byte[mh * mw];
      if (mh == h && mw == w) {
        full.data().get(out);
        return out;
      }
      try (Mat small = new Mat(); Size size = new Size(mw, mh)) {
        opencv_imgproc.resize(full, small, size, 0, 0, opencv_imgproc.INTER_LINEAR);
        try (BytePointer p = small.data()) {
          p.get(out);
        }
      }
      return out;
    }
  }

  /** {@code polygons2masks}: one mask per outline, each {@code (h / ratio) x (w / ratio)}. */
  public static byte[][] masks(int h, int w, float[][] outlines, int ratio) {
    byte[][] out = new byte[outlines.length][];
    for (int i = 0; i < outlines.length; i++) {
      out[i] = mask(h, w, outlines[i], ratio);
    }
    return out;
  }

  /**
   * {@code polygons2masks_overlap}'s result: {@code map} holds at each pixel the 1-based position in {@code order}
   * of the object drawn there (0: none), {@code order} the objects by mask area, largest first, so smaller objects
   * are drawn over larger ones.
   */
  public record Overlap(int[] map, int[] order) {}

  /**
   * {@code polygons2masks_overlap}: each outline's mask as {@link #mask}, the objects ordered by area as Ultralytics
   * orders them (its areas are unsigned and negated, so empty masks come first, then the largest; equal areas keep
   * their order), then drawn one over the other into one index map; with at most 255 objects the map is uint8 and its
   * sums wrap as NumPy's do.
   */
  public static Overlap overlap(int h, int w, float[][] outlines, int ratio) {
    byte[][] ms = masks(h, w, outlines, ratio);
    long[] area = new long[ms.length];
    for (int i = 0; i < ms.length; i++) {
      for (byte b : ms[i]) {
        area[i] += b & 0xff;
      }
    }
    // argsort(-areas) of uint64 areas: -0 is 0, the smallest; the others by area descending
    int[] order = IntStream.range(0, ms.length).boxed()
        .sorted(Comparator.comparingLong((Integer i) -> area[i] == 0 ? Long.MIN_VALUE : -area[i]))
        .mapToInt(Integer::intValue).toArray();
    int[] map = new int[(h / ratio) * (w / ratio)];
    boolean uint8 = ms.length <= 255;
    for (int i = 0; i < order.length; i++) {
      byte[] m = ms[order[i]];
      int label = i + 1;
      for (int p = 0; p < map.length; p++) {
        int v = map[p] + (m[p] & 0xff) * (uint8 ? label & 0xff : label);
        if (uint8) {
          v &= 0xff;
        }
        map[p] = Math.min(v, label);
      }
    }
    return new Overlap(map, order);
  }
}
