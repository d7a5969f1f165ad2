package dev.yolojava.runtime;

import org.bytedeco.pytorch.Context;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process-wide libtorch settings, applied once before the first model is built.
 *
 * <ul>
 *   <li><b>OpenBLAS on one thread</b> ({@code -Dyolo.openblas.threads=N} to change it). libtorch already runs its CPU
 *       ops on its own thread pool, and convolutions too small for oneDNN (batch 1, small images) go through OpenBLAS
 *       GEMMs; with OpenBLAS spinning up its own pool inside them, a yolov8n forward at 160 px took ~490 ms on 2
 *       cores, against ~30 ms with one OpenBLAS thread (640 px: 148 ms either way).
 *   <li><b>NNPACK off.</b> In this libtorch build oneDNN takes every fp32 convolution of batch 16 or more, and NNPACK
 *       is only considered at batch 16 or more, so it never runs; but each convolution that falls through to the
 *       plain kernels asks whether NNPACK is available, and on hosts where it cannot initialise (some AMD EPYC
 *       virtual machines) every such question prints {@code Could not initialize NNPACK! Reason: Unsupported
 *       hardware.}: thousands of lines per run that nobody can act on. Switched off, the question is never asked.
 *       {@code -Dyolo.nnpack=true} leaves libtorch's default.
 *   <li><b>Poisoned memory</b> ({@code -Dyolo.debug.poison=true}, for debugging only): libtorch's deterministic mode
 *       with {@code fill_uninitialized_memory}, so every tensor made by {@code empty} starts as NaN (integers: their
 *       largest value) and a kernel that reads memory before writing it shows as NaN. It also makes libtorch pick
 *       deterministic kernels, much slower ones among them.
 * </ul>
 */
public final class TorchDefaults {
  private static final Logger LOG = LoggerFactory.getLogger(TorchDefaults.class);

  static { // class initialisation runs once per JVM, whichever thread gets here first
    int n = Integer.getInteger("yolo.openblas.threads", 1);
    try {
      org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(n);
    } catch (Throwable t) { // a libtorch build without OpenBLAS: nothing to tune
      LOG.debug("OpenBLAS thread count not set: {}", t.toString());
    }
    Context context = torch.globalContext();
    if (!Boolean.getBoolean("yolo.nnpack")) {
      context.setUserEnabledNNPACK(false);
    }
    if (Boolean.getBoolean("yolo.debug.poison")) {
      context.setDeterministicAlgorithms(true, true);
      context.setDeterministicFillUninitializedMemory(true);
      LOG.warn("yolo.debug.poison=true: new tensors start as NaN and libtorch uses deterministic kernels (slow)");
    }
  }

  private TorchDefaults() {}

  /** Applies the settings (once per process: the first call loads this class, later calls do nothing). */
  public static void configure() {}

  /**
   * Ultralytics' {@code deterministic} (its {@code init_seeds}): {@code true} asks libtorch for deterministic
   * algorithms (warning, not failing, where an op has none) and cuDNN for deterministic convolutions; {@code false}
   * lifts both. Process-wide, as in PyTorch. Unlike PyTorch's deterministic mode, new tensors are not filled with NaN
   * (that costs a write per allocation and changes no result of code that reads only what it wrote), unless
   * {@code -Dyolo.debug.poison=true} asked for it.
   */
  public static void deterministic(boolean on) {
    configure();
    Context context = torch.globalContext();
    context.setDeterministicCuDNN(on);
    context.setDeterministicAlgorithms(on, true);
    context.setDeterministicFillUninitializedMemory(Boolean.getBoolean("yolo.debug.poison"));
  }
}
