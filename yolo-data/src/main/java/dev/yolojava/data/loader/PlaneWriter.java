package dev.yolojava.data.loader;

import dev.yolojava.data.image.RawBytes;
import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;

/**
 * Writes an interleaved BGR image straight into three channel planes of a uint8 CHW tensor slot with one OpenCV
 * {@code split} (the HWC to CHW transpose and the BGR to RGB flip in a single pass, no intermediate copy), or copies
 * it interleaved into a render plan's pack.
 */
final class PlaneWriter {
  private PlaneWriter() {}

  /**
   * @param bgr the {@code h x w} 3-channel uint8 image
   * @param slot address of the slot's first plane; planes follow each other, {@code h * w} bytes apart
   * @param keepBgr write channels in BGR order instead of RGB
   */
  static void write(Mat bgr, long slot, int h, int w, boolean keepBgr) {
    checkArgument(bgr.rows() == h && bgr.cols() == w && bgr.channels() == 3 && bgr.depth() == opencv_core.CV_8U,
        "augmented image is %sx%sx%s (depth %s), expected %sx%sx3 uint8", bgr.rows(), bgr.cols(), bgr.channels(),
        bgr.depth(), h, w);
    long plane = (long) h * w;
    try (RawBytes p0 = new RawBytes(slot, plane);
        RawBytes p1 = new RawBytes(slot + plane, plane);
        RawBytes p2 = new RawBytes(slot + 2 * plane, plane);
        Mat c0 = new Mat(h, w, opencv_core.CV_8UC1, p0);
        Mat c1 = new Mat(h, w, opencv_core.CV_8UC1, p1);
        Mat c2 = new Mat(h, w, opencv_core.CV_8UC1, p2);
        MatVector out = keepBgr ? new MatVector(c0, c1, c2) : new MatVector(c2, c1, c0)) {
      opencv_core.split(bgr, out);
      long first = keepBgr ? slot : slot + 2 * plane;
      // split must have filled our planes, not reallocated its outputs
      checkState(out.get(0).data().address() == first, "OpenCV split reallocated its output planes");
    }
  }

  /** Copies the {@code h x w} 3-channel uint8 image as it is (interleaved rows) to {@code address}. */
  static void copyInterleaved(Mat img, long address, int h, int w) {
    checkArgument(img.rows() == h && img.cols() == w && img.channels() == 3 && img.depth() == opencv_core.CV_8U,
        "decoded image is %sx%sx%s (depth %s), expected %sx%sx3 uint8", img.rows(), img.cols(), img.channels(),
        img.depth(), h, w);
    try (RawBytes p = new RawBytes(address, 3L * h * w); Mat dst = new Mat(h, w, opencv_core.CV_8UC3, p)) {
      img.copyTo(dst);
      checkState(dst.data().address() == address, "OpenCV copyTo reallocated its output");
    }
  }
}
