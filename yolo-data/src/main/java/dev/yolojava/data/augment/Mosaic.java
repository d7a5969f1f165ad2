package dev.yolojava.data.augment;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Ultralytics' 4-image Mosaic: a {@code 2s x 2s} canvas (pad 114) around a random centre drawn from
 * {@code [s/2, 3s/2)}, the four images placed top-left, top-right, bottom-left, bottom-right of it and cropped at
 * the canvas edges; boxes shifted by each tile's offset, clipped to the canvas, zero-area ones dropped.
 */
public final class Mosaic {
  private Mosaic() {}

  /**
   * Where one image lands: canvas region {@code [x1a,x2a) x [y1a,y2a)} receives image region
   * {@code [x1b,x2b) x [y1b,y2b)}; boxes move by {@code (padw, padh)}.
   */
  public record Tile(int x1a, int y1a, int x2a, int y2a, int x1b, int y1b, int x2b, int y2b) {
    public int padw() {
      return x1a - x1b;
    }

    public int padh() {
      return y1a - y1b;
    }
  }

  /** The mosaic centre {@code (xc, yc)} for target size {@code s}: Ultralytics' {@code int(uniform(s/2, 2s - s/2))}. */
  public static int[] center(int s, SampleRandom rng) {
    int b = -Math.floorDiv(-s, 2); // -border, where border = -s // 2 (floor division)
    int yc = (int) rng.uniform(b, 2 * s - b);
    int xc = (int) rng.uniform(b, 2 * s - b);
    return new int[] {xc, yc};
  }

  /** The four tiles for images of sizes {@code hw[i] = {h, w}} around centre {@code (xc, yc)}. */
  public static Tile[] layout(int s, int xc, int yc, int[][] hw) {
    Tile[] t = new Tile[4];
    for (int i = 0; i < 4; i++) {
      int h = hw[i][0];
      int w = hw[i][1];
      int x1a;
      int y1a;
      int x2a;
      int y2a;
      int x1b;
      int y1b;
      int x2b;
      int y2b;
      switch (i) {
        case 0 -> { // top left
          x1a = Math.max(xc - w, 0);
          y1a = Math.max(yc - h, 0);
          x2a = xc;
          y2a = yc;
          x1b = w - (x2a - x1a);
          y1b = h - (y2a - y1a);
          x2b = w;
          y2b = h;
        }
        case 1 -> { // top right
          x1a = xc;
          y1a = Math.max(yc - h, 0);
          x2a = Math.min(xc + w, 2 * s);
          y2a = yc;
          x1b = 0;
          y1b = h - (y2a - y1a);
          x2b = Math.min(w, x2a - x1a);
          y2b = h;
        }
        case 2 -> { // bottom left
          x1a = Math.max(xc - w, 0);
          y1a = yc;
          x2a = xc;
          y2a = Math.min(2 * s, yc + h);
          x1b = w - (x2a - x1a);
          y1b = 0;
          x2b = w;
          y2b = Math.min(y2a - y1a, h);
        }
        default -> { // bottom right
          x1a = xc;
          y1a = yc;
          x2a = Math.min(xc + w, 2 * s);
          y2a = Math.min(2 * s, yc + h);
          x1b = 0;
          y1b = 0;
          x2b = Math.min(w, x2a - x1a);
          y2b = Math.min(y2a - y1a, h);
        }
      }
      t[i] = new Tile(x1a, y1a, x2a, y2a, x1b, y1b, x2b, y2b);
    }
    return t;
  }

  /**
   * Paints the tiles into {@code canvas} (reallocated to {@code 2s x 2s} if needed) and returns the merged boxes.
   *
   * @param images the four BGR images (not modified)
   * @param boxes their boxes in their own pixel coordinates (not modified)
   */
  public static Boxes build(int s, Tile[] tiles, Mat[] images, Boxes[] boxes, Mat canvas) {
    paint(s, tiles, images, canvas);
    return mergeBoxes(s, tiles, boxes);
  }

  /** Paints the tiles into {@code canvas} (reallocated to {@code 2s x 2s} if needed), pad 114 elsewhere. */
  public static void paint(int s, Tile[] tiles, Mat[] images, Mat canvas) {
    canvas.create(2 * s, 2 * s, opencv_core.CV_8UC3);
    try (Scalar pad = new Scalar(114, 114, 114, 0)) {
      canvas.put(pad); // fills in place; the returned wrapper aliases canvas
    }
    for (int i = 0; i < 4; i++) {
      Tile t = tiles[i];
      int w = t.x2a() - t.x1a();
      int h = t.y2a() - t.y1a();
      if (w > 0 && h > 0) {
        try (Rect ra = new Rect(t.x1a(), t.y1a(), w, h);
            Rect rb = new Rect(t.x1b(), t.y1b(), w, h);
            Mat dst = canvas.apply(ra);
            Mat src = images[i].apply(rb)) {
          src.copyTo(dst);
        }
      }
    }
  }

  /** The tiles' boxes moved onto the canvas, clipped to it, zero-area ones dropped (inputs not modified). */
  public static Boxes mergeBoxes(int s, Tile[] tiles, Boxes[] boxes) {
    Boxes[] moved = new Boxes[4];
    for (int i = 0; i < 4; i++) {
      moved[i] = boxes[i].copy().translate(tiles[i].padw(), tiles[i].padh());
    }
    return Boxes.concat(moved).clip(2 * s, 2 * s).removeZeroArea();
  }
}
