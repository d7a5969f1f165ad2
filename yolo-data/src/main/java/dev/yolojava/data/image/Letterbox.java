package dev.yolojava.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resize keeping the aspect ratio, then pad to the target shape, exactly as Ultralytics' {@code LetterBox}: the same
 * rounding (Python's half-to-even {@code round}), the same split of the padding ({@code round(d - 0.1)} before,
 * {@code round(d + 0.1)} after), bilinear resize and pad value 114.
 *
 * <p>Immutable and thread-safe.
 */
public final class Letterbox {
  public static final int PAD_VALUE = 114;

  private final int targetH;
  private final int targetW;
  private final boolean auto;
  private final boolean scaleUp;
  private final boolean center;
  private final int stride;

  /**
   * @param targetH target height, e.g. 640
   * @param targetW target width
   * @param auto pad only to the next multiple of {@code stride} (Ultralytics' "minimum rectangle")
   * @param scaleUp allow enlarging small images (Ultralytics' {@code scaleup})
   * @param center centre the image (else top-left)
   * @param stride model stride used by {@code auto}
   */
  public Letterbox(int targetH, int targetW, boolean auto, boolean scaleUp, boolean center, int stride) {
    checkArgument(targetH > 0 && targetW > 0, "letterbox target is %sx%s, expected positive sizes", targetH, targetW);
    checkArgument(stride > 0, "stride is %s, expected > 0", stride);
    this.targetH = targetH;
    this.targetW = targetW;
    this.auto = auto;
    this.scaleUp = scaleUp;
    this.center = center;
    this.stride = stride;
  }

  /** Square target, centred, scale-up allowed, no auto. */
  public static Letterbox square(int imgsz) {
    return new Letterbox(imgsz, imgsz, false, true, true, 32);
  }

  /** The geometry of letterboxing an image of {@code srcH x srcW}. */
  public LetterboxGeometry geometry(int srcH, int srcW) {
    checkArgument(srcH > 0 && srcW > 0, "image is %sx%s, expected positive sizes", srcH, srcW);
    double r = Math.min((double) targetH / srcH, (double) targetW / srcW);
    if (!scaleUp) {
      r = Math.min(r, 1.0);
    }
    int unpadW = (int) Math.rint(srcW * r);
    int unpadH = (int) Math.rint(srcH * r);
    double dw = targetW - unpadW;
    double dh = targetH - unpadH;
    if (auto) {
      dw = Math.floorMod((int) dw, stride);
      dh = Math.floorMod((int) dh, stride);
    }
    if (center) {
      dw /= 2;
      dh /= 2;
    }
    int top = center ? (int) Math.rint(dh - 0.1) : 0;
    int bottom = (int) Math.rint(dh + 0.1);
    int left = center ? (int) Math.rint(dw - 0.1) : 0;
    int right = (int) Math.rint(dw + 0.1);
    return new LetterboxGeometry(srcH, srcW, unpadH, unpadW, r, top, bottom, left, right);
  }

  /** Letterboxes a BGR (or any 3-channel uint8) image into a new Mat; the input is not modified. */
  public Mat apply(Mat src) {
    return apply(src, geometry(src.rows(), src.cols()));
  }

  /**
   * Letterboxes into {@code dst}, which must already be a {@code (unpadH+top+bottom) x (unpadW+left+right)} 3-channel
   * uint8 Mat (e.g. a header over a batch tensor's slot), so the padded image is written in place without a copy.
   */
  public static void applyInto(Mat src, LetterboxGeometry g, Mat dst) {
    int h = g.unpadH() + g.top() + g.bottom();
    int w = g.unpadW() + g.left() + g.right();
    checkArgument(dst.rows() == h && dst.cols() == w && dst.type() == opencv_core.CV_8UC3,
        "letterbox destination is %sx%s (type %s), expected %sx%s CV_8UC3", dst.rows(), dst.cols(), dst.type(), h, w);
    checkArgument(src.rows() == g.srcH() && src.cols() == g.srcW(),
        "image is %sx%s but the geometry was computed for %sx%s", src.rows(), src.cols(), g.srcH(), g.srcW());
    long before = dst.data().address();
    Mat resized = src;
    if (src.cols() != g.unpadW() || src.rows() != g.unpadH()) {
      resized = new Mat();
      try (Size size = new Size(g.unpadW(), g.unpadH())) {
        opencv_imgproc.resize(src, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      }
    }
    // copyMakeBorder keeps dst's buffer when its size and type already match, so this writes straight into it.
    try (Scalar pad = new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE, 0)) {
      opencv_core.copyMakeBorder(
          resized, dst, g.top(), g.bottom(), g.left(), g.right(), opencv_core.BORDER_CONSTANT, pad);
    } finally {
      if (resized != src) {
        resized.close();
      }
    }
    checkArgument(dst.data().address() == before, "letterbox destination was reallocated by OpenCV");
  }

  /** Letterboxes with a precomputed geometry (must come from this image's size). */
  public static Mat apply(Mat src, LetterboxGeometry g) {
    checkArgument(
        src.rows() == g.srcH() && src.cols() == g.srcW(),
        "image is %sx%s but the geometry was computed for %sx%s",
        src.rows(), src.cols(), g.srcH(), g.srcW());
    Mat resized = src;
    if (src.cols() != g.unpadW() || src.rows() != g.unpadH()) {
      resized = new Mat();
      try (Size size = new Size(g.unpadW(), g.unpadH())) {
        opencv_imgproc.resize(src, resized, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      }
    }
    Mat out = new Mat();
    try (Scalar pad = new Scalar(PAD_VALUE, PAD_VALUE, PAD_VALUE, 0)) {
      opencv_core.copyMakeBorder(
          resized, out, g.top(), g.bottom(), g.left(), g.right(), opencv_core.BORDER_CONSTANT, pad);
    }
    if (resized != src) {
      resized.close();
    }
    return out;
  }
}
