package dev.yolojava.data.image;

import org.bytedeco.opencv.global.opencv_core;

/**
 * OpenCV's own thread pool, switched off whenever the library starts OpenCV work on its worker threads: each of N
 * workers spreading one warp over all cores oversubscribes the CPU (Ultralytics does the same with
 * {@code cv2.setNumThreads(0)}; measured on the H100: yolov8n training 788 img/s against 747). {@code
 * -Dyolo.opencv.threads=N} picks another count; a negative one leaves OpenCV alone. The setting is process-wide, as
 * OpenCV's is.
 */
public final class OpenCvThreads {
  private OpenCvThreads() {}

  /** Applies {@code yolo.opencv.threads} (default 0: OpenCV runs each call on the calling thread). */
  public static void forWorkers() {
    int n = Integer.getInteger("yolo.opencv.threads", 0);
    if (n >= 0) {
      opencv_core.setNumThreads(n);
    }
  }
}
