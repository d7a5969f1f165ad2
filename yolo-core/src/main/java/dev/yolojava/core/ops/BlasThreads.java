package dev.yolojava.core.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps OpenBLAS (libtorch's BLAS in these presets) to one thread, {@code -Dyolo.openblas.threads=N} to change it.
 * libtorch already runs its CPU ops on its own thread pool, and convolutions too small for oneDNN (batch 1, small
 * images) go through OpenBLAS GEMMs; with OpenBLAS spinning up its own pool inside them, a yolov8n forward at 160 px
 * took ~490 ms on 2 cores, against ~30 ms with one OpenBLAS thread (640 px: 148 ms either way).
 */
public final class BlasThreads {
  private static final Logger LOG = LoggerFactory.getLogger(BlasThreads.class);

  static { // class initialisation runs once per JVM, whichever thread gets here first
    int n = Integer.getInteger("yolo.openblas.threads", 1);
    try {
      org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(n);
    } catch (Throwable t) { // a libtorch build without OpenBLAS: nothing to tune
      LOG.debug("OpenBLAS thread count not set: {}", t.toString());
    }
  }

  private BlasThreads() {}

  /** Applies the setting (once per process: the first call loads this class, later calls do nothing). */
  public static void configure() {}
}
