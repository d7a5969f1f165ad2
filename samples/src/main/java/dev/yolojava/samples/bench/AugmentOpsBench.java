package dev.yolojava.samples.bench;

import dev.yolojava.data.DataConfig;
import dev.yolojava.data.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What each OpenCV step of the CPU training pipeline costs on one thread (OpenCV's own pool off, as in the loader
 * workers): JPEG decode, the 2s mosaic canvas, the warpAffine to s x s, the HSV round trip, a flip and the CHW split.
 * Prints one JSON line of milliseconds per sample. {@code AugmentOpsBench data=synthetic:train=1000 images=200}.
 */
public final class AugmentOpsBench {
  private AugmentOpsBench() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    opencv_core.setNumThreads(0);
    DataConfig cfg = DataConfig.resolve(a.str("data", "synthetic:train=1000,val=10"));
    int n = a.integer("images", 200);
    List<byte[]> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(cfg.train().get(0))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList()) {
        files.add(Files.readAllBytes(p));
      }
    }
    n = files.size();
    Mat[] imgs = new Mat[n];
    Mat canvas = new Mat(1280, 1280, opencv_core.CV_8UC3);
    Mat warp = new Mat();
    Mat hsv = new Mat();
    Mat flip = new Mat();
    Mat table = new Mat(1, 256, opencv_core.CV_8UC3);
    Mat m = new Mat(2, 3, opencv_core.CV_64F);
    ((java.nio.DoubleBuffer) m.createBuffer()).put(new double[] {0.9, 0.05, -300, -0.05, 0.9, -310});
    MatVector planes = new MatVector(new Mat(640, 640, opencv_core.CV_8UC1), new Mat(640, 640, opencv_core.CV_8UC1),
        new Mat(640, 640, opencv_core.CV_8UC1));
    Scalar pad = new Scalar(114, 114, 114, 0);
    Size size = new Size(640, 640);
    double[] ms = new double[6];
    for (int rep = 0; rep < 3; rep++) { // the last repetition is reported
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (imgs[i] != null) {
          imgs[i].close();
        }
        imgs[i] = Images.decode(files.get(i), "bench");
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        canvas.put(pad);
        for (int k = 0; k < 4; k++) {
          Mat src = imgs[(i + k) % n];
          try (Rect r = new Rect((k % 2) * 640, (k / 2) * 640, Math.min(640, src.cols()), Math.min(640, src.rows()));
              Mat dst = canvas.apply(r);
              Rect rs = new Rect(0, 0, r.width(), r.height());
              Mat part = src.apply(rs)) {
            part.copyTo(dst);
          }
        }
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        opencv_imgproc.warpAffine(canvas, warp, m, size, opencv_imgproc.INTER_LINEAR, opencv_core.BORDER_CONSTANT,
            pad);
      }
      long t3 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        opencv_imgproc.cvtColor(warp, hsv, opencv_imgproc.COLOR_BGR2HSV);
        opencv_core.LUT(hsv, table, hsv);
        opencv_imgproc.cvtColor(hsv, warp, opencv_imgproc.COLOR_HSV2BGR);
      }
      long t4 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        opencv_core.flip(warp, flip, 1);
      }
      long t5 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        opencv_core.split(warp, planes);
      }
      long t6 = System.nanoTime();
      long[] t = {t0, t1, t2, t3, t4, t5, t6};
      for (int k = 0; k < 6; k++) {
        ms[k] = (t[k + 1] - t[k]) / 1e6 / n;
      }
    }
    System.out.println(String.format(Locale.ROOT,
        "{\"bench\":\"augment_ops\",\"threads\":1,\"images\":%d,\"ms_per_sample\":{\"decode\":%.3f,\"mosaic_canvas\":%.3f,"
            + "\"warp_affine\":%.3f,\"hsv_round_trip\":%.3f,\"flip\":%.3f,\"chw_split\":%.3f}}",
        n, ms[0], ms[1], ms[2], ms[3], ms[4], ms[5]));
  }
}
