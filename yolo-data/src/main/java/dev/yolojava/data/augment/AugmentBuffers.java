package dev.yolojava.data.augment;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Scratch images one worker thread reuses from sample to sample, so the hot path allocates nothing once warm.
 * Not thread-safe: one instance per thread; close it when the thread is done.
 */
public final class AugmentBuffers implements AutoCloseable {
  final Mat canvas = new Mat();
  final Mat warp = new Mat();
  final Mat canvas2 = new Mat();
  final Mat warp2 = new Mat();
  final Mat hsv = new Mat();
  final Mat flip = new Mat();

  @Override
  public void close() {
    for (Mat m : new Mat[] {canvas, warp, canvas2, warp2, hsv, flip}) {
      m.close();
    }
  }
}
