package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class MosaicTest {
  @Test
  void layoutPlacesFourTilesAroundTheCentreAndCropsAtTheCanvas() {
    // s = 100 -> 200x200 canvas; centre (120, 90); images 60x80 (h x w) each
    int[][] hw = {{60, 80}, {60, 80}, {60, 80}, {60, 80}};
    Mosaic.Tile[] t = Mosaic.layout(100, 120, 90, hw);
    assertThat(t[0]).isEqualTo(new Mosaic.Tile(40, 30, 120, 90, 0, 0, 80, 60));
    assertThat(t[1]).isEqualTo(new Mosaic.Tile(120, 30, 200, 90, 0, 0, 80, 60));
    assertThat(t[2]).isEqualTo(new Mosaic.Tile(40, 90, 120, 150, 0, 0, 80, 60));
    assertThat(t[3]).isEqualTo(new Mosaic.Tile(120, 90, 200, 150, 0, 0, 80, 60));
    // large images are cropped: top-left keeps its bottom-right part
    Mosaic.Tile big = Mosaic.layout(100, 50, 70, new int[][] {{100, 100}, {100, 100}, {100, 100}, {100, 100}})[0];
    assertThat(big).isEqualTo(new Mosaic.Tile(0, 0, 50, 70, 50, 30, 100, 100));
    assertThat(big.padw()).isEqualTo(-50);
    assertThat(big.padh()).isEqualTo(-30);
    Mosaic.Tile br = Mosaic.layout(100, 150, 170, new int[][] {{100, 100}, {100, 100}, {100, 100}, {100, 100}})[3];
    assertThat(br).isEqualTo(new Mosaic.Tile(150, 170, 200, 200, 0, 0, 50, 30));
  }

  @Test
  void centreIsDrawnFromHalfToThreeHalvesOfS() {
    SampleRandom rng = new SampleRandom(1);
    for (int i = 0; i < 1000; i++) {
      int[] c = Mosaic.center(640, rng);
      assertThat(c[0]).isBetween(320, 959);
      assertThat(c[1]).isBetween(320, 959);
    }
  }

  @Test
  void boxesMoveWithTheirTileAndAreClippedToTheCanvas() {
    int[][] hw = {{100, 100}, {100, 100}, {100, 100}, {100, 100}};
    Mosaic.Tile[] t = Mosaic.layout(100, 50, 70, hw);
    Mat[] imgs = new Mat[4];
    Boxes[] boxes = new Boxes[4];
    int[] shade = {10, 60, 110, 160};
    for (int i = 0; i < 4; i++) {
      imgs[i] = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(shade[i], shade[i], shade[i], 0));
    }
    // tile 0 is shifted by (-50, -30): box (60,40)-(90,80) lands at (10,10)-(40,50);
    // box (10,10)-(30,20) falls off the canvas entirely and is removed
    boxes[0] = new Boxes(new float[] {3, 4}, new float[] {60, 40, 90, 80, 10, 10, 30, 20});
    // tile 1 starts at canvas (50, 0), image y from 30: box (0,20)-(20,50) -> (50,-10)-(70,20) -> clipped to y 0
    boxes[1] = new Boxes(new float[] {5}, new float[] {0, 20, 20, 50});
    boxes[2] = Boxes.empty();
    // tile 3 at (50, 70): box (10,10)-(20,20) -> (60,80)-(70,90)
    boxes[3] = new Boxes(new float[] {7}, new float[] {10, 10, 20, 20});
    try (Mat canvas = new Mat()) {
      Boxes out = Mosaic.build(100, t, imgs, boxes, canvas);
      assertThat(out.cls()).containsExactly(3, 5, 7);
      assertThat(out.xyxy()).containsExactly(10, 10, 40, 50, 50, 0, 70, 20, 60, 80, 70, 90);
      assertThat(canvas.rows()).isEqualTo(200);
      assertThat(px(canvas, 69, 49)).isEqualTo(10); // inside tile 0
      assertThat(px(canvas, 10, 60)).isEqualTo(60); // inside tile 1
      assertThat(px(canvas, 100, 10)).isEqualTo(110); // inside tile 2
      assertThat(px(canvas, 100, 100)).isEqualTo(160); // inside tile 3
      assertThat(px(canvas, 190, 190)).isEqualTo(114); // outside every tile
    } finally {
      for (Mat m : imgs) {
        m.close();
      }
    }
  }

  static int px(Mat m, int y, int x) {
    byte[] b = new byte[3];
    m.ptr(y, x).get(b);
    return b[0] & 0xff;
  }
}
