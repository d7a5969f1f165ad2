package dev.yolojava.data.plot;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.loader.Batch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws a batch as Ultralytics' {@code train_batch0.jpg}: up to 16 images in a square grid (scaled so the grid is
 * at most 1920 px), white gaps, each image's file name and its boxes in the class colour with the class name.
 */
public final class BatchPlotter {
  /** Ultralytics' default palette (RGB hex). */
  private static final String[] PALETTE = {"042AFF", "0BDBEB", "F3F3F3", "00DFB7", "111F68", "FF6FDD", "FF444F",
      "CCED00", "00F344", "BD00FF", "00B4FF", "DD00BA", "00FFFF", "26C000", "01FFB3", "7D24FF", "7B0068", "FF1B6C",
      "FC6D2F", "A2FF0B"};
  private static final int MAX_SIZE = 1920;
  private static final int MAX_IMAGES = 16;

  private BatchPlotter() {}

  /** Renders the batch (CPU, uint8 RGB) into a BGR image; the caller closes it. */
  public static Mat render(Batch batch, List<String> names) {
    return render(batch, names, null);
  }

  /**
   * As {@link #render(Batch, List)} but draws {@code preds} instead of the labels: per image, rows of
   * {@code x1 y1 x2 y2 conf cls} in input pixels, as NMS returns them; boxes below conf 0.25 are left out and the
   * confidence is printed after the class name, as in Ultralytics' {@code val_batch*_pred.jpg}.
   */
  public static Mat render(Batch batch, List<String> names, List<float[][]> preds) {
    checkArgument(batch.size() > 0, "cannot plot an empty batch");
    long[] shape = batch.images().sizes().vec().get();
    int h = (int) shape[2];
    int w = (int) shape[3];
    int n = Math.min(batch.size(), MAX_IMAGES);
    int ns = (int) Math.ceil(Math.sqrt(n));
    double scale = Math.min(1.0, (double) MAX_SIZE / (ns * Math.max(h, w)));
    int th = (int) Math.ceil(h * scale);
    int tw = (int) Math.ceil(w * scale);
    Mat grid;
    try (Scalar white = new Scalar(255, 255, 255, 0)) {
      grid = new Mat(ns * th, ns * tw, opencv_core.CV_8UC3, white);
    }
    try (PointerScope scope = new PointerScope()) { // frees the per-box Scalars and Points
      drawCells(batch, names, grid, n, ns, h, w, th, tw, preds);
    }
    return grid;
  }

  private static void drawCells(Batch batch, List<String> names, Mat grid, int n, int ns, int h, int w, int th,
      int tw, List<float[][]> preds) {
    float[] bi = floats(batch.batchIdx());
    float[] cls = floats(batch.cls());
    float[] bb = floats(batch.bboxes());
    long plane = (long) h * w;
    Pointer base = batch.images().data_ptr();
    int thick = Math.max(1, (int) Math.round(Math.max(th, tw) / 200.0));
    double font = Math.max(0.35, Math.max(th, tw) / 900.0);
    for (int i = 0; i < n; i++) {
      int x0 = (i % ns) * tw;
      int y0 = (i / ns) * th;
      BytePointer img = new BytePointer(base).position(3 * plane * i);
      try (Mat r = new Mat(h, w, opencv_core.CV_8UC1, new BytePointer(img).position(img.position()));
          Mat g = new Mat(h, w, opencv_core.CV_8UC1, new BytePointer(img).position(img.position() + plane));
          Mat b = new Mat(h, w, opencv_core.CV_8UC1, new BytePointer(img).position(img.position() + 2 * plane));
          MatVector bgr = new MatVector(b, g, r);
          Mat merged = new Mat();
          Mat resized = new Mat();
          Rect roi = new Rect(x0, y0, tw, th);
          Mat cell = grid.apply(roi)) {
        opencv_core.merge(bgr, merged);
        opencv_imgproc.resize(merged, resized, new Size(tw, th));
        resized.copyTo(cell);
        rect(grid, x0, y0, x0 + tw - 1, y0 + th - 1, new Scalar(255, 255, 255, 0), thick);
        text(grid, fileName(batch, i), x0 + 5, y0 + (int) (16 * font) + 3, new Scalar(220, 220, 220, 0), font);
      }
      if (preds != null) {
        drawPredictions(grid, preds.get(i), names, x0, y0, (double) tw / w, (double) th / h, thick, font);
        continue;
      }
      for (int k = 0; k < cls.length; k++) {
        if ((int) bi[k] != i) {
          continue;
        }
        int c = (int) cls[k];
        Scalar col = color(c);
        double cx = bb[4 * k] * tw;
        double cy = bb[4 * k + 1] * th;
        double bw = bb[4 * k + 2] * tw;
        double bh = bb[4 * k + 3] * th;
        int ax = x0 + (int) Math.round(cx - bw / 2);
        int ay = y0 + (int) Math.round(cy - bh / 2);
        rect(grid, ax, ay, x0 + (int) Math.round(cx + bw / 2), y0 + (int) Math.round(cy + bh / 2), col, thick);
        text(grid, c < names.size() ? names.get(c) : String.valueOf(c), ax + 2, Math.max(y0 + 10, ay - 3), col,
            font * 0.8);
      }
    }
  }

  /** Confidence below which predictions are not drawn (Ultralytics' {@code plot_images} default). */
  static final float PRED_CONF = 0.25f;

  private static void drawPredictions(Mat grid, float[][] dets, List<String> names, int x0, int y0, double sx,
      double sy, int thick, double font) {
    for (float[] d : dets) {
      if (d[4] < PRED_CONF) {
        continue;
      }
      int c = (int) d[5];
      Scalar col = color(c);
      int ax = x0 + (int) Math.round(d[0] * sx);
      int ay = y0 + (int) Math.round(d[1] * sy);
      rect(grid, ax, ay, x0 + (int) Math.round(d[2] * sx), y0 + (int) Math.round(d[3] * sy), col, thick);
      String label = (c < names.size() ? names.get(c) : String.valueOf(c)) + String.format(java.util.Locale.ROOT,
          " %.1f", d[4]);
      text(grid, label, ax + 2, Math.max(y0 + 10, ay - 3), col, font * 0.8);
    }
  }

  /** Renders {@code preds} over the batch's images and writes a JPEG (e.g. {@code val_batch0_pred.jpg}). */
  public static Path writePredictions(Batch batch, List<float[][]> preds, List<String> names, Path file) {
    checkArgument(preds.size() == batch.size(), "%s predictions for a batch of %s images", preds.size(),
        batch.size());
    try (Mat grid = render(batch, names, preds)) {
      return save(grid, file);
    }
  }

  private static Path save(Mat grid, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + file.getParent(), e);
    }
    checkArgument(opencv_imgcodecs.imwrite(file.toString(), grid), "OpenCV could not write %s", file);
    return file;
  }

  /** Renders and writes a JPEG (e.g. {@code train_batch0.jpg}); returns the path. */
  public static Path write(Batch batch, List<String> names, Path file) {
    try (Mat grid = render(batch, names)) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create " + file.getParent(), e);
      }
      checkArgument(opencv_imgcodecs.imwrite(file.toString(), grid), "OpenCV could not write %s", file);
    }
    return file;
  }

  private static String fileName(Batch batch, int i) {
    String s = batch.paths().get(i).getFileName().toString();
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  /** The palette colour of class {@code c} as AWT RGB (for Java2D plots that match these images). */
  static java.awt.Color awtColor(int c) {
    return new java.awt.Color(Integer.parseInt(PALETTE[Math.floorMod(c, PALETTE.length)], 16));
  }

  private static Scalar color(int c) {
    int rgb = Integer.parseInt(PALETTE[Math.floorMod(c, PALETTE.length)], 16);
    return new Scalar(rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff, 0);
  }

  private static void rect(Mat m, int x1, int y1, int x2, int y2, Scalar c, int t) {
    try (Point a = new Point(x1, y1); Point b = new Point(x2, y2)) {
      opencv_imgproc.rectangle(m, a, b, c, t, opencv_imgproc.LINE_AA, 0);
    }
  }

  private static void text(Mat m, String s, int x, int y, Scalar c, double font) {
    try (Point p = new Point(x, y)) {
      opencv_imgproc.putText(m, s, p, opencv_imgproc.FONT_HERSHEY_SIMPLEX, font, c, 1, opencv_imgproc.LINE_AA,
          false);
    }
  }

  private static float[] floats(org.bytedeco.pytorch.Tensor t) {
    float[] f = new float[(int) t.numel()];
    if (f.length > 0) {
      new FloatPointer(t.data_ptr()).capacity(f.length).get(f);
    }
    return f;
  }
}
