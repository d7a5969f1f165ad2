package dev.yolojava.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Packs same-sized BGR uint8 images into one {@code (N, 3, H, W)} uint8 RGB tensor on the CPU. */
public final class ImageTensors {
  private ImageTensors() {}

  /**
   * Stacks the images (all of one size) into a new RGB NCHW uint8 tensor. One copy per image into an NHWC buffer,
   * then the channel flip and permute happen inside libtorch.
   */
  public static Tensor toBatch(List<Mat> bgrImages) {
    checkArgument(!bgrImages.isEmpty(), "no images to batch");
    int h = bgrImages.get(0).rows();
    int w = bgrImages.get(0).cols();
    Tensor nhwc = torch.empty(bgrImages.size(), h, w, 3).to(torch.ScalarType.Byte);
    BytePointer dst = new BytePointer(nhwc.data_ptr());
    long plane = (long) h * w * 3;
    for (int i = 0; i < bgrImages.size(); i++) {
      Mat m = bgrImages.get(i);
      checkArgument(
          m.rows() == h && m.cols() == w && m.channels() == 3 && m.depth() == opencv_core.CV_8U,
          "image %s is %sx%sx%s (depth %s), expected %sx%sx3 uint8 like the first",
          i, m.rows(), m.cols(), m.channels(), m.depth(), h, w);
      Mat cont = m.isContinuous() ? m : m.clone();
      BytePointer src = cont.data();
      dst.position(i * plane);
      BytePointer.memcpy(dst, src.position(0), plane);
      if (cont != m) {
        cont.close();
      }
    }
    dst.position(0);
    return nhwc.flip(3).permute(0, 3, 1, 2).contiguous();
  }
}
