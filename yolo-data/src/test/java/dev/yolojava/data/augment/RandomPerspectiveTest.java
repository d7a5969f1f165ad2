package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class RandomPerspectiveTest {
  private static final RandomPerspective AFFINE = new RandomPerspective(0, 0, 0, 0, 0);

  @Test
  void translationOnlyMovesTheCentreToTheDrawnPoint() {
    // 200x100 input, output 100x100, translation to (50, 50): a shift by (50 - 100, 50 - 50) = (-50, 0)
    double[] m = RandomPerspective.matrix(200, 100, 0, 0, 0, 1, 0, 0, 50, 50);
    Boxes b = AFFINE.transformBoxes(new Boxes(new float[] {1}, new float[] {60, 20, 120, 80}), m);
    assertThat(b.xyxy()).containsExactly(10, 20, 70, 80);
  }

  @Test
  void rotationBy90DegreesSwapsTheBoxAxes() {
    // cv2.getRotationMatrix2D(angle=90) maps (x, y) -> (y, -x) around the centre
    double[] m = RandomPerspective.matrix(100, 100, 0, 0, 90, 1, 0, 0, 50, 50);
    Boxes b = AFFINE.transformBoxes(new Boxes(new float[] {0}, new float[] {60, 40, 90, 50}), m);
    // centred: (10,-10)-(40,0) -> (y, -x): x in [-10, 0], y in [-40, -10] -> +50
    assertThat(b.xyxy()[0]).isCloseTo(40f, within(1e-4f));
    assertThat(b.xyxy()[1]).isCloseTo(10f, within(1e-4f));
    assertThat(b.xyxy()[2]).isCloseTo(50f, within(1e-4f));
    assertThat(b.xyxy()[3]).isCloseTo(40f, within(1e-4f));
  }

  @Test
  void scaleAndShearFollowTheMatrix() {
    double[] m = RandomPerspective.matrix(100, 100, 0, 0, 0, 2, 0, 0, 50, 50);
    Boxes b = AFFINE.transformBoxes(new Boxes(new float[] {0}, new float[] {40, 45, 60, 55}), m);
    assertThat(b.xyxy()).containsExactly(30, 40, 70, 60);
    // x shear of 45 degrees: x' = x + y (centred); corners at y = +-5 widen the box by 5 each side
    double[] s = RandomPerspective.matrix(100, 100, 0, 0, 0, 1, 45, 0, 50, 50);
    Boxes sb = AFFINE.transformBoxes(new Boxes(new float[] {0}, new float[] {40, 45, 60, 55}), s);
    assertThat(sb.xyxy()[0]).isCloseTo(35f, within(1e-4f));
    assertThat(sb.xyxy()[2]).isCloseTo(65f, within(1e-4f));
    assertThat(sb.xyxy()[1]).isCloseTo(45f, within(1e-4f));
  }

  @Test
  void perspectiveDividesByW() {
    RandomPerspective p = new RandomPerspective(0, 0, 0, 0, 0.001);
    double[] m = RandomPerspective.matrix(100, 100, 0.001, 0, 0, 1, 0, 0, 50, 50);
    Boxes b = p.transformBoxes(new Boxes(new float[] {0}, new float[] {50, 50, 100, 100}), m);
    // x-perspective: w = 1 + 0.001 * xc (centred x); corner (100, 100) -> w 1.05 -> 50 / 1.05 + 50 in both axes,
    // corner (50, 100) keeps w = 1 -> y 100; so the box becomes (50, 50)-(97.62, 100)
    assertThat(b.xyxy()[0]).isCloseTo(50f, within(1e-4f));
    assertThat(b.xyxy()[1]).isCloseTo(50f, within(1e-4f));
    assertThat(b.xyxy()[2]).isCloseTo((float) (50 / 1.05 + 50), within(1e-3f));
    assertThat(b.xyxy()[3]).isCloseTo(100f, within(1e-4f));
  }

  @Test
  void boxCandidatesUseUltralyticsThresholds() {
    float[] before = {0, 0, 100, 100, 0, 0, 100, 100, 0, 0, 100, 100, 0, 0, 100, 100, 0, 0, 10, 10};
    float[] after = {0, 0, 50, 50, // area 0.25: kept
        0, 0, 30, 30, // area 0.09 < 0.10: dropped
        0, 0, 2, 50, // width 2 is not > 2: dropped
        0, 0, 2.5f, 300, // aspect 120 >= 100: dropped (area 0.075 also)
        0, 0, 3, 3}; // 3x3 of a 10x10: area 0.09: dropped
    assertThat(RandomPerspective.candidates(before, after, 2, 100, 0.10))
        .containsExactly(true, false, false, false, false);
    assertThat(RandomPerspective.candidates(new float[] {0, 0, 10, 10}, new float[] {0, 0, 3.2f, 3.2f}, 2, 100, 0.1))
        .containsExactly(true);
  }

  @Test
  void applyClipsAndFiltersWithTheDrawnScale() {
    // identity-like placement (no translation from centre) with scale 0.5 on a 100x100 image -> 100x100 output
    RandomPerspective.Params p = new RandomPerspective.Params(
        RandomPerspective.matrix(100, 100, 0, 0, 0, 0.5, 0, 0, 50, 50), 0.5);
    Boxes in = new Boxes(new float[] {1, 2}, new float[] {10, 10, 90, 90, 48, 48, 52, 52});
    Boxes out = AFFINE.apply(in, p, 100, 100);
    // (10..90) -> (30..70); the 4 px box becomes 2 px and is dropped
    assertThat(out.cls()).containsExactly(1);
    assertThat(out.xyxy()).containsExactly(30, 30, 70, 70);
    // a translation pushing half the box outside is clipped, kept at area ratio 0.5
    RandomPerspective.Params shift = new RandomPerspective.Params(
        RandomPerspective.matrix(100, 100, 0, 0, 0, 1, 0, 0, 80, 50), 1);
    Boxes out2 = AFFINE.apply(new Boxes(new float[] {3}, new float[] {40, 40, 80, 60}), shift, 100, 100);
    assertThat(out2.xyxy()).containsExactly(70, 40, 100, 60);
  }

  @Test
  void warpMovesPixelsExactlyAsItMovesBoxes() {
    try (Mat src = new Mat(100, 200, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0)); Mat dst = new Mat()) {
      opencv_imgproc.rectangle(src, new Point(60, 20), new Point(119, 79), new Scalar(255, 255, 255, 0), -1,
          opencv_imgproc.LINE_8, 0);
      double[] m = RandomPerspective.matrix(200, 100, 0, 0, 0, 1, 0, 0, 50, 50);
      AFFINE.warp(src, dst, m, 100, 100);
      assertThat(dst.cols()).isEqualTo(100);
      assertThat(MosaicTest.px(dst, 20, 10)).isEqualTo(255); // box corner (60,20) -> (10,20)
      assertThat(MosaicTest.px(dst, 79, 69)).isEqualTo(255);
      assertThat(MosaicTest.px(dst, 20, 9)).isEqualTo(0);
      assertThat(MosaicTest.px(dst, 80, 69)).isEqualTo(0);
      // a matrix that maps outside the source leaves pad 114
      double[] far = RandomPerspective.matrix(200, 100, 0, 0, 0, 1, 0, 0, 500, 50);
      AFFINE.warp(src, dst, far, 100, 100);
      assertThat(MosaicTest.px(dst, 50, 50)).isEqualTo(114);
    }
  }

  @Test
  void sampledParametersStayInTheirRanges() {
    RandomPerspective p = new RandomPerspective(10, 0.1, 0.5, 0, 0);
    SampleRandom rng = new SampleRandom(3);
    for (int i = 0; i < 200; i++) {
      RandomPerspective.Params q = p.sample(rng, 1280, 1280, 640, 640);
      assertThat(q.scale()).isBetween(0.5, 1.5);
      // image centre (640, 640) lands at the translation, within 0.4..0.6 of 640
      double cx = q.m()[0] * 640 + q.m()[1] * 640 + q.m()[2];
      assertThat(cx).isBetween(0.4 * 640 - 1e-3, 0.6 * 640 + 1e-3);
    }
  }
}
