package dev.yolojava.data.loader;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * With {@code -Dyolo.loader.profile=true}: the device time of each stage of {@link PlanRenderer} summed over the
 * batches rendered so far, by waiting for the device at every stage boundary (so only for measuring). Assumes one
 * rendering thread, as the {@link DevicePrefetcher} has.
 */
public final class RenderProfile {
  static final int PLANES = 0;
  static final int TILES = 1;
  static final int WARP = 2;
  static final int HSV = 3;
  static final int OUT = 4;
  private static final String[] NAMES = {"planes", "tiles", "warp", "hsv", "out"};
  private static final boolean ON = Boolean.getBoolean("yolo.loader.profile");
  private static final double[] MS = new double[NAMES.length];
  private static long last;
  private static byte cudaIndex = -1;

  private RenderProfile() {}

  /** Starts timing a batch whose tensors are on {@code onDevice}'s device. */
  static void start(Tensor onDevice) {
    if (ON) { // checked before locking: off, the rendering threads never contend for this class
      started(onDevice);
    }
  }

  static void mark(int stage) {
    if (ON) {
      marked(stage);
    }
  }

  private static synchronized void started(Tensor onDevice) {
    cudaIndex = onDevice.is_cuda() ? onDevice.device().index() : -1;
    waitForDevice();
    last = System.nanoTime();
  }

  private static synchronized void marked(int stage) {
    waitForDevice();
    long now = System.nanoTime();
    MS[stage] += (now - last) / 1e6;
    last = now;
  }

  private static void waitForDevice() {
    if (cudaIndex >= 0) {
      torch_cuda.getCurrentCUDAStream(cudaIndex).synchronize();
    }
  }

  /** Milliseconds per stage so far (all zero unless profiling). */
  public static synchronized Map<String, Double> totals() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], MS[i]);
    }
    return m;
  }
}
