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
 *   <li><b>oneDNN off on AVX-512 CPUs</b> ({@code -Dyolo.onednn=true} keeps it). In this libtorch build (2.10,
 *       JavaCPP 1.5.13) oneDNN computes wrong training numbers on such CPUs. Measured on an AMD EPYC with AVX-512 (2
 *       cores): the yolo26n loss's gradient of the first convolution summed to 715.32 with one intra-op thread and
 *       733.92 with two, against 796.27 with oneDNN off (Ultralytics' value within the parity tests' tolerance); a
 *       YOLOv8-pose gradient was NaN and its loss 13.17 against 12.69. Holding oneDNN to AVX2
 *       ({@code ONEDNN_MAX_CPU_ISA=AVX2}) fixed the detection gradient but not the pose loss, so oneDNN is switched
 *       off: libtorch's own kernels compute those convolutions, correct but about half as fast on the CPU. CPUs
 *       without AVX-512, where every parity test passes with oneDNN, keep it.
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
    if (oneDnnUnsafe(Boolean.getBoolean("yolo.onednn"), cpuHasAvx512())) {
      context.setUserEnabledMkldnn(false);
      LOG.debug("AVX-512 CPU: oneDNN is switched off (on such CPUs it computes wrong gradients in this libtorch build;"
          + " CPU convolutions take libtorch's own kernels)");
    }
    if (Boolean.getBoolean("yolo.debug.poison")) {
      context.setDeterministicAlgorithms(true, true);
      context.setDeterministicFillUninitializedMemory(true);
      LOG.warn("yolo.debug.poison=true: new tensors start as NaN and libtorch uses deterministic kernels (slow)");
    }
  }

  private TorchDefaults() {}

  /** Whether oneDNN must be switched off: on an AVX-512 CPU, unless {@code keep} ({@code -Dyolo.onednn=true}). */
  static boolean oneDnnUnsafe(boolean keep, boolean avx512) {
    return avx512 && !keep;
  }

  /** Whether the CPU reports AVX-512 ({@code avx512f} among Linux's {@code /proc/cpuinfo} flags; false elsewhere). */
  static boolean cpuHasAvx512() {
    java.nio.file.Path info = java.nio.file.Path.of("/proc/cpuinfo");
    if (!java.nio.file.Files.isReadable(info)) {
      return false;
    }
    try (var lines = java.nio.file.Files.lines(info)) {
      return lines.filter(l -> l.startsWith("flags")).findFirst()
          .map(l -> (" " + l.substring(l.indexOf(':') + 1) + " ").contains(" avx512f ")).orElse(false);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

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
