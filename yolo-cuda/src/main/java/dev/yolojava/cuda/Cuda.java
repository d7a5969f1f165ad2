package dev.yolojava.cuda;

import org.bytedeco.pytorch.global.torch;

/** CUDA availability as libtorch sees it; safe to call on CPU-only builds (answers false). */
public final class Cuda {
  private Cuda() {}

  public static boolean isAvailable() {
    try {
      return torch.cuda_is_available();
    } catch (Throwable t) {
      return false;
    }
  }

  public static int deviceCount() {
    try {
      return (int) torch.cuda_device_count();
    } catch (Throwable t) {
      return 0;
    }
  }
}
