package dev.yolojava.data.augment;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Ultralytics' RandomPerspective: one 3x3 matrix {@code M = T S R P C} (centre, perspective, rotation+scale,
 * shear, translation) applied to the image with a single {@code warpAffine}/{@code warpPerspective} (pad 114) and
 * to the boxes' four corners, then boxes clipped to the output and filtered by {@link #candidates}.
 */
public final class RandomPerspective {
  private final double degrees;
  private final double translate;
  private final double scale;
  private final double shear;
  private final double perspective;

  public RandomPerspective(double degrees, double translate, double scale, double shear, double perspective) {
    this.degrees = degrees;
    this.translate = translate;
    this.scale = scale;
    this.shear = shear;
    this.perspective = perspective;
  }

  public static RandomPerspective of(AugmentConfig c) {
    return new RandomPerspective(c.degrees(), c.translate(), c.scale(), c.shear(), c.perspective());
  }

  public boolean isPerspective() {
    return perspective != 0;
  }

  /** A drawn transform: the row-major 3x3 matrix and the scale factor used to filter boxes. */
  public record Params(double[] m, double scale) {}

  /**
   * Draws the parameters in Ultralytics' order (perspective x, y; angle; scale; shear x, y; translation x, y) for an
   * input of {@code inW x inH} and an output of {@code outW x outH}.
   */
  public Params sample(SampleRandom rng, int inW, int inH, int outW, int outH) {
    double px = rng.uniform(-perspective, perspective);
    double py = rng.uniform(-perspective, perspective);
    double a = rng.uniform(-degrees, degrees);
    double s = rng.uniform(1 - scale, 1 + scale);
    double shx = rng.uniform(-shear, shear);
    double shy = rng.uniform(-shear, shear);
    double tx = rng.uniform(0.5 - translate, 0.5 + translate) * outW;
    double ty = rng.uniform(0.5 - translate, 0.5 + translate) * outH;
    return new Params(matrix(inW, inH, px, py, a, s, shx, shy, tx, ty), s);
  }

  /**
   * {@code T S R P C} for explicit parameters: angle and shears in degrees, translation in output pixels. Entries
   * are rounded to float32 as Ultralytics builds the matrix in float32.
   */
  public static double[] matrix(int inW, int inH, double px, double py, double angleDeg, double s, double shxDeg,
      double shyDeg, double tx, double ty) {
    double[] c = {1, 0, -inW / 2.0, 0, 1, -inH / 2.0, 0, 0, 1};
    double[] p = {1, 0, 0, 0, 1, 0, px, py, 1};
    double rad = Math.toRadians(angleDeg);
    double al = s * Math.cos(rad);
    double be = s * Math.sin(rad);
    double[] r = {al, be, 0, -be, al, 0, 0, 0, 1}; // cv2.getRotationMatrix2D(center=(0, 0))
    double[] sh = {1, Math.tan(Math.toRadians(shxDeg)), 0, Math.tan(Math.toRadians(shyDeg)), 1, 0, 0, 0, 1};
    double[] t = {1, 0, tx, 0, 1, ty, 0, 0, 1};
    double[] m = mul(t, mul(sh, mul(r, mul(p, c))));
    for (int i = 0; i < 9; i++) {
      m[i] = (float) m[i];
    }
    return m;
  }

  static double[] mul(double[] a, double[] b) {
    double[] o = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        o[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
      }
    }
    return o;
  }

  static boolean isIdentity(double[] m) {
    return m[0] == 1 && m[1] == 0 && m[2] == 0 && m[3] == 0 && m[4] == 1 && m[5] == 0 && m[6] == 0 && m[7] == 0
        && m[8] == 1;
  }

  /** Warps {@code src} into {@code dst} ({@code outW x outH}); copies when the transform is the identity. */
  public void warp(Mat src, Mat dst, double[] m, int outW, int outH) {
    if (src.cols() == outW && src.rows() == outH && isIdentity(m)) {
      src.copyTo(dst);
      return;
    }
    try (Mat mat = new Mat(perspective != 0 ? 3 : 2, 3, opencv_core.CV_64F);
        Size size = new Size(outW, outH);
        Scalar pad = new Scalar(114, 114, 114, 0)) {
      java.nio.DoubleBuffer buf = mat.createBuffer();
      buf.put(m, 0, perspective != 0 ? 9 : 6);
      if (perspective != 0) {
        opencv_imgproc.warpPerspective(src, dst, mat, size, opencv_imgproc.INTER_LINEAR,
            opencv_core.BORDER_CONSTANT, pad);
      } else {
        opencv_imgproc.warpAffine(src, dst, mat, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT,
            pad);
      }
    }
  }

  /** Maps each box's four corners through {@code m} and returns their enclosing boxes, and the keypoints (not clipped). */
  public Boxes transformBoxes(Boxes in, double[] m) {
    float[] b = in.xyxy();
    float[] out = new float[b.length];
    double[] xs = new double[4];
    double[] ys = new double[4];
    double[] uv = new double[2];
    for (int i = 0; i < b.length; i += 4) {
      double[][] corners = {{b[i], b[i + 1]}, {b[i + 2], b[i + 3]}, {b[i], b[i + 3]}, {b[i + 2], b[i + 1]}};
      for (int k = 0; k < 4; k++) {
        map(m, corners[k][0], corners[k][1], perspective != 0, uv);
        xs[k] = uv[0];
        ys[k] = uv[1];
      }
      out[i] = (float) Math.min(Math.min(xs[0], xs[1]), Math.min(xs[2], xs[3]));
      out[i + 1] = (float) Math.min(Math.min(ys[0], ys[1]), Math.min(ys[2], ys[3]));
      out[i + 2] = (float) Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3]));
      out[i + 3] = (float) Math.max(Math.max(ys[0], ys[1]), Math.max(ys[2], ys[3]));
    }
    float[] k = in.keypoints();
    if (k == null) {
      return new Boxes(in.cls().clone(), out);
    }
    float[] kout = k.clone(); // visibility kept here: clip() hides the keypoints that land outside the image
    for (int i = 0; i < k.length; i += 3) {
      map(m, k[i], k[i + 1], true, uv); // Ultralytics' apply_keypoints divides by the third row for affine warps too
      kout[i] = (float) uv[0];
      kout[i + 1] = (float) uv[1];
    }
    return new Boxes(in.cls().clone(), out, kout, in.keypointCount());
  }

  /**
   * Transforms, clips to the output and filters boxes: Ultralytics compares each new box with its original scaled
   * by the drawn scale, with {@link #candidates} thresholds {@code wh 2 px, aspect 100, area ratio 0.10}.
   */
  public Boxes apply(Boxes in, Params p, int outW, int outH) {
    if (in.hasSegments() && in.size() > 0) {
      return applyWithSegments(in, p, outW, outH);
    }
    Boxes moved = transformBoxes(in, p.m()).clip(outW, outH);
    Boxes scaled = in.copy().scale((float) p.scale(), (float) p.scale());
    return moved.filter(candidates(scaled.xyxy(), moved.xyxy(), 2, 100, 0.10));
  }

  /**
   * Ultralytics' path for polygon labels ({@code apply_segments}): every outline point goes through {@code m}, each
   * box becomes the extent of its outline's points inside the output ({@code segment2box}) and the outline is
   * clipped to that box; then boxes and outlines are clipped to the output and filtered with area ratio 0.01.
   */
  private Boxes applyWithSegments(Boxes in, Params p, int outW, int outH) {
    double[] m = p.m();
    float[][] segs = in.segments();
    float[][] moved = new float[segs.length][];
    float[] boxes = new float[4 * segs.length];
    for (int b = 0; b < segs.length; b++) {
      float[] sg = segs[b];
      float[] out = new float[sg.length];
      double[] uv = new double[2];
      for (int i = 0; i < sg.length; i += 2) {
        map(m, sg[i], sg[i + 1], true, uv); // Ultralytics divides by the third row for affine warps too
        out[i] = (float) uv[0];
        out[i + 1] = (float) uv[1];
      }
      segmentToBox(out, outW, outH, boxes, 4 * b);
      for (int i = 0; i < out.length; i += 2) { // np.clip(lo, hi): max(lo) then min(hi)
        out[i] = Math.min(Math.max(out[i], boxes[4 * b]), boxes[4 * b + 2]);
        out[i + 1] = Math.min(Math.max(out[i + 1], boxes[4 * b + 1]), boxes[4 * b + 3]);
      }
      moved[b] = out;
    }
    float[] k = in.keypoints() == null ? null : transformBoxes(in, m).keypoints();
    Boxes result = new Boxes(in.cls().clone(), boxes, k, in.keypointCount()).withSegments(moved)
        .clip(outW, outH);
    Boxes scaled = new Boxes(in.cls(), in.xyxy().clone()).scale((float) p.scale(), (float) p.scale());
    return result.filter(candidates(scaled.xyxy(), result.xyxy(), 2, 100, 0.01));
  }

  /** {@code (x, y)} through {@code m} into {@code uv}; {@code divide}: by the third row (perspective rescale). */
  private static void map(double[] m, double x, double y, boolean divide, double[] uv) {
    double u = m[0] * x + m[1] * y + m[2];
    double v = m[3] * x + m[4] * y + m[5];
    if (divide) {
      double w = m[6] * x + m[7] * y + m[8];
      u /= w;
      v /= w;
    }
    uv[0] = u;
    uv[1] = v;
  }

  /**
   * Ultralytics' {@code segment2box}: the extent of the points inside {@code [0, w] x [0, h]}, or zeros when none is
   * (NumPy's {@code any(x)}: also when every inside point has x 0).
   */
  static void segmentToBox(float[] xy, int w, int h, float[] into, int at) {
    float x1 = Float.POSITIVE_INFINITY;
    float y1 = Float.POSITIVE_INFINITY;
    float x2 = Float.NEGATIVE_INFINITY;
    float y2 = Float.NEGATIVE_INFINITY;
    boolean anyNonZeroX = false;
    for (int i = 0; i < xy.length; i += 2) {
      float x = xy[i];
      float y = xy[i + 1];
      if (x >= 0 && y >= 0 && x <= w && y <= h) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x);
        y2 = Math.max(y2, y);
        anyNonZeroX |= x != 0;
      }
    }
    if (!anyNonZeroX) {
      x1 = y1 = x2 = y2 = 0;
    }
    into[at] = x1;
    into[at + 1] = y1;
    into[at + 2] = x2;
    into[at + 3] = y2;
  }

  /**
   * Ultralytics' {@code box_candidates}: keep a box when its new width and height exceed {@code whThr} pixels, its
   * area is above {@code areaThr} of the reference box's, and its aspect ratio is below {@code arThr}.
   */
  public static boolean[] candidates(float[] before, float[] after, double whThr, double arThr, double areaThr) {
    double eps = 1e-16;
    boolean[] keep = new boolean[after.length / 4];
    for (int i = 0; i < keep.length; i++) {
      double w1 = before[4 * i + 2] - before[4 * i];
      double h1 = before[4 * i + 3] - before[4 * i + 1];
      double w2 = after[4 * i + 2] - after[4 * i];
      double h2 = after[4 * i + 3] - after[4 * i + 1];
      double ar = Math.max(w2 / (h2 + eps), h2 / (w2 + eps));
      keep[i] = w2 > whThr && h2 > whThr && w2 * h2 / (w1 * h1 + eps) > areaThr && ar < arThr;
    }
    return keep;
  }
}
