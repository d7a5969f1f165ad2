package dev.yolojava.data.synth;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Draws the 8 synthetic shape classes so that each fills its box {@code [x0,x1] x [y0,y1]} edge to edge. */
public final class ShapePainter {
  static final String[] NAMES = {"box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star"};

  private ShapePainter() {}

  /** Draws shape class {@code c} filling the box in colour {@code bgr} (the synthetic detection and classify sets). */
  public static void draw(Mat img, int c, int x0, int y0, int x1, int y1, int[] bgr) {
    int w = x1 - x0;
    int h = y1 - y0;
    int cx = (x0 + x1) / 2;
    int cy = (y0 + y1) / 2;
    try (Scalar color = new Scalar(bgr[0], bgr[1], bgr[2], 0)) {
      switch (c) {
        case 0 -> rect(img, x0, y0, x1, y1, color, -1);
        case 1 -> ellipse(img, cx, cy, w / 2, h / 2, color, -1);
        case 2 -> poly(img, color, x0, y1, x1, y1, cx, y0);
        case 3 -> {
          int t = Math.max(2, Math.min(w, h) / 4);
          rect(img, x0, cy - t / 2, x1, cy + t / 2, color, -1);
          rect(img, cx - t / 2, y0, cx + t / 2, y1, color, -1);
        }
        case 4 -> {
          int t = Math.max(2, Math.min(w, h) / 6);
          ellipse(img, cx, cy, Math.max(1, w / 2 - t / 2), Math.max(1, h / 2 - t / 2), color, t);
          rect(img, x0, y0, x1, y1, color, 1); // thin outer frame keeps the box exact
        }
        case 5 -> poly(img, color, cx, y0, x1, cy, cx, y1, x0, cy);
        case 6 -> {
          rect(img, x0, y0, x1, y1, color, -1);
          try (Scalar inv = new Scalar(255 - bgr[0], 255 - bgr[1], 255 - bgr[2], 0)) {
            rect(img, x0 + w / 4, y0 + h / 4, x1 - w / 4, y1 - h / 4, inv, -1);
          }
        }
        default -> poly(img, color, star(x0, y0, x1, y1));
      }
    }
  }

  /** A 5-pointed star, its 10 vertices stretched to touch all four box edges. */
  private static int[] star(int x0, int y0, int x1, int y1) {
    double[] px = new double[10];
    double[] py = new double[10];
    for (int k = 0; k < 10; k++) {
      double r = k % 2 == 0 ? 1.0 : 0.45;
      double a = -Math.PI / 2 + k * Math.PI / 5;
      px[k] = r * Math.cos(a);
      py[k] = r * Math.sin(a);
    }
    int[] xy = new int[20];
    double minX = min(px);
    double maxX = max(px);
    double minY = min(py);
    double maxY = max(py);
    for (int k = 0; k < 10; k++) {
      xy[2 * k] = (int) (x0 + (px[k] - minX) / (maxX - minX) * (x1 - x0));
      xy[2 * k + 1] = (int) (y0 + (py[k] - minY) / (maxY - minY) * (y1 - y0));
    }
    return xy;
  }

  private static double min(double[] v) {
    double m = Double.MAX_VALUE;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = -Double.MAX_VALUE;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static void rect(Mat img, int x0, int y0, int x1, int y1, Scalar color, int thickness) {
    try (Point a = new Point(x0, y0); Point b = new Point(x1, y1)) {
      opencv_imgproc.rectangle(img, a, b, color, thickness, opencv_imgproc.LINE_8, 0);
    }
  }

  private static void ellipse(Mat img, int cx, int cy, int ax, int ay, Scalar color, int thickness) {
    try (Point c = new Point(cx, cy); Size axes = new Size(ax, ay)) {
      opencv_imgproc.ellipse(img, c, axes, 0, 0, 360, color, thickness, opencv_imgproc.LINE_8, 0);
    }
  }

  private static void poly(Mat img, Scalar color, int... xy) {
    int n = xy.length / 2;
    try (Point pts = new Point(n); Point offset = new Point(0, 0)) {
      for (int i = 0; i < n; i++) {
        pts.position(i).x(xy[2 * i]).y(xy[2 * i + 1]);
      }
      pts.position(0);
      opencv_imgproc.fillPoly(img, pts, new int[] {n}, 1, color, opencv_imgproc.LINE_8, 0, offset);
    }
  }
}
