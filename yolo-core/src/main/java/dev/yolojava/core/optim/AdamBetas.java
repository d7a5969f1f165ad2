package dev.yolojava.core.optim;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.AdamOptions;

/**
 * Reads and writes libtorch's Adam {@code betas}, a {@code std::tuple<double, double>} that the preset exposes as a
 * raw {@link DoublePointer}. libstdc++ stores tuple elements last-first, so index 0 of the pointer is beta2 there;
 * the order is probed once from libtorch's own defaults (0.9, 0.999) rather than assumed.
 */
final class AdamBetas {
  private static final boolean REVERSED;

  static {
    try (AdamOptions probe = new AdamOptions(1e-3)) {
      DoublePointer b = probe.betas();
      REVERSED = b.get(0) == 0.999 && b.get(1) == 0.9;
    }
  }

  private AdamBetas() {}

  static void set(DoublePointer betas, double beta1, double beta2) {
    betas.put(REVERSED ? 1 : 0, beta1).put(REVERSED ? 0 : 1, beta2);
  }

  static double beta1(DoublePointer betas) {
    return betas.get(REVERSED ? 1 : 0);
  }

  static double beta2(DoublePointer betas) {
    return betas.get(REVERSED ? 0 : 1);
  }
}
