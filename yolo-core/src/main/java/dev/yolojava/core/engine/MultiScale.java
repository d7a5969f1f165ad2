package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' {@code multi_scale} training: every batch is resized (bilinear, corners not aligned) so that its long
 * side is a random multiple of the stride drawn from {@code [max(stride, imgsz (1 - f)), imgsz (1 + f) + stride)},
 * each side then rounded up to the stride. Labels are normalised, so they need no change. Each rank draws its own
 * sizes from its own seed, as Ultralytics' ranks do.
 */
final class MultiScale {
  private final double fraction;
  private final int imgsz;
  private final int stride;
  private final SplittableRandom random;

  /**
   * @param fraction {@code multi_scale}, in (0, 1]
   * @param seed the run's seed (with the rank added on multi-rank runs)
   */
  MultiScale(double fraction, int imgsz, int stride, long seed) {
    checkArgument(fraction > 0 && fraction <= 1, "multi_scale is %s, expected a value in (0, 1]", fraction);
    this.fraction = fraction;
    this.imgsz = imgsz;
    this.stride = stride;
    this.random = new SplittableRandom(seed);
  }

  /** The long side for the next batch: a multiple of the stride. */
  int nextSize() {
    int lo = Math.max(stride, (int) (imgsz * (1.0 - fraction)));
    int hi = (int) (imgsz * (1.0 + fraction) + stride);
    return random.nextInt(lo, hi) / stride * stride;
  }

  /** {@code images} ({@code (B, 3, H, W)} floats) at the next drawn size; the same tensor when the size is equal. */
  Tensor apply(Tensor images) {
    int size = nextSize();
    long h = images.size(2);
    long w = images.size(3);
    double sf = (double) size / Math.max(h, w);
    if (sf == 1) {
      return images;
    }
    long nh = (long) Math.ceil(h * sf / stride) * stride;
    long nw = (long) Math.ceil(w * sf / stride) * stride;
    return torch.upsample_bilinear2d(images, new long[] {nh, nw}, false, new DoubleOptional(), new DoubleOptional());
  }
}
