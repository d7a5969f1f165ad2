package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.ImageLabels;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
  @TempDir Path dir;

  private YoloDataset oneImage(int w, int h, String label) {
    TestData.image(dir.resolve("images/train/a.png"), w, h, 30, 60, 90);
    TestData.text(dir.resolve("labels/train/a.txt"), label);
    return YoloDataset.open(List.of(dir.resolve("images/train")), List.of("a", "b"), DatasetOptions.of(160), "");
  }

  @Test
  void withoutAugmentationTheImageIsCentredInTheSquareAndBoxesFollow() {
    try (YoloDataset ds = oneImage(160, 120, "1 0.5 0.5 0.25 0.5\n"); AugmentBuffers buf = new AugmentBuffers()) {
      TrainTransform t = new TrainTransform(ds, AugmentConfig.none());
      TrainTransform.Result r = t.apply(0, new SampleRandom(1), buf);
      // 160x120 placed in 160x160 by the translation to the centre: shift (0, 20)
      assertThat(r.image().rows()).isEqualTo(160);
      assertThat(r.boxes().cls()).containsExactly(1);
      assertThat(r.boxes().xyxy()).containsExactly(60, 50, 100, 110);
      assertThat(r.boxes().toNormalizedXywh(160, 160)).containsExactly(0.5f, 0.5f, 0.25f, 0.375f);
      assertThat(MosaicTest.px(r.image(), 10, 80)).isEqualTo(114);
      assertThat(MosaicTest.px(r.image(), 80, 80)).isEqualTo(30);
      assertThat(r.keepBgr()).isFalse();
    }
  }

  @Test
  void defaultPipelineKeepsBoxesInsideTheImageAndIsReproducible() {
    try (YoloDataset ds = oneImage(160, 120, "0 0.5 0.5 0.5 0.5\n1 0.2 0.2 0.2 0.2\n");
        AugmentBuffers buf = new AugmentBuffers()) {
      TrainTransform t = new TrainTransform(ds, AugmentConfig.defaults());
      int kept = 0;
      for (int seed = 0; seed < 20; seed++) {
        TrainTransform.Result r = t.apply(0, new SampleRandom(seed), buf);
        float[] b = r.boxes().xyxy();
        for (int i = 0; i < b.length; i += 4) {
          assertThat(b[i]).isBetween(0f, 160f);
          assertThat(b[i + 3]).isBetween(0f, 160f);
          assertThat(b[i + 2] - b[i]).isGreaterThan(2f);
        }
        kept += r.boxes().size();
        float[] again = t.apply(0, new SampleRandom(seed), buf).boxes().xyxy();
        assertThat(again).containsExactly(b);
      }
      assertThat(kept).isGreaterThan(20); // 4 copies of 2 boxes per mosaic, most survive
    }
  }

  @Test
  void mosaicClosedConfigTurnsOffMixTransforms() {
    AugmentConfig c = AugmentConfig.fromMap(java.util.Map.of("mixup", 0.3, "close_mosaic", 5, "fliplr", "0.25"));
    assertThat(c.mixup()).isEqualTo(0.3);
    assertThat(c.fliplr()).isEqualTo(0.25);
    assertThat(c.hsvS()).isEqualTo(0.7);
    AugmentConfig closed = c.withMosaicClosed();
    assertThat(new double[] {closed.mosaic(), closed.mixup(), closed.cutmix(), closed.copyPaste()})
        .containsExactly(0, 0, 0, 0);
    assertThat(c.closesMosaicAt(94, 100)).isFalse();
    assertThat(c.closesMosaicAt(95, 100)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AugmentConfig.fromMap(java.util.Map.of("mosaic", 2)))
        .hasMessage("mosaic is 2.0, expected a probability in [0, 1]");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AugmentConfig.fromMap(java.util.Map.of("blur", 1)))
        .hasMessageContaining("unknown augmentation option 'blur'");
  }

  @Test
  void valLetterboxesIntoTheRectShapeWithRatioPad() {
    TestData.image(dir.resolve("images/val/big.png"), 320, 240, 30, 60, 90);
    TestData.text(dir.resolve("labels/val/big.txt"), "1 0.5 0.5 0.25 0.5\n");
    try (YoloDataset ds = YoloDataset.open(List.of(dir.resolve("images/val")), List.of("a", "b"),
        DatasetOptions.of(160), "")) {
      RectBatches rb = RectBatches.compute(ds.labels(), 1, 160, 32, 0.5);
      assertThat(rb.shape(0)).containsExactly(160, 192);
      ValTransform.Result v = new ValTransform(ds).apply(0, 160, 192);
      try (Mat img = v.image()) {
        assertThat(img.rows()).isEqualTo(160);
        assertThat(img.cols()).isEqualTo(192);
        // loaded at 160x120 (ratio 0.5), padded 16 left/right, 20 top/bottom; box (60,30)-(100,90) in loaded px
        assertThat(v.boxes().xyxy()).containsExactly(76, 50, 116, 110);
        assertThat(v.ratioPad()).isEqualTo(new dev.yolojava.data.RatioPad(0.5, 0.5, 16, 20));
        assertThat(MosaicTest.px(img, 10, 96)).isEqualTo(114);
        assertThat(MosaicTest.px(img, 80, 96)).isEqualTo(30);
      }
    }
  }

  @Test
  void rectBatchShapesFollowUltralyticsFormula() {
    Path p = Path.of("x.jpg");
    List<ImageLabels> l = List.of(
        new ImageLabels(p, 480, 640, new float[0], new float[0]),
        new ImageLabels(p, 640, 480, new float[0], new float[0]),
        new ImageLabels(p, 480, 640, new float[0], new float[0]),
        new ImageLabels(p, 500, 500, new float[0], new float[0]),
        new ImageLabels(p, 640, 480, new float[0], new float[0]));
    RectBatches two = RectBatches.compute(l, 2, 640, 32, 0.5);
    assertThat(two.order()).containsExactly(0, 2, 3, 1, 4); // sorted by h/w, ties in file order
    assertThat(two.shape(0)).containsExactly(512, 672); // wide: [0.75, 1] * 20 + 0.5 -> [16, 21] * 32
    assertThat(two.shape(1)).containsExactly(672, 672); // square + tall: mixed -> square
    assertThat(two.shape(2)).containsExactly(672, 512); // tall
    assertThat(RectBatches.compute(l, 2, 640, 32, 0.0).shape(0)).containsExactly(480, 640);
  }

  @Test
  void mixUpBlendsAndConcatenatesCutMixPastesAClippedArea() {
    try (Mat a = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
        Mat b = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(200, 200, 200, 0))) {
      Boxes out = MixTransforms.mixUp(a, new Boxes(new float[] {1}, new float[] {0, 0, 10, 10}), b,
          new Boxes(new float[] {2}, new float[] {5, 5, 20, 20}), new SampleRandom(4));
      assertThat(out.cls()).containsExactly(1, 2);
      assertThat(MosaicTest.px(a, 50, 50)).isBetween(60, 140); // r ~ Beta(32, 32) ~ 0.5 +- 0.2
    }
    int pasted = 0;
    for (int seed = 0; seed < 50; seed++) {
      try (Mat a = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0));
          Mat b = new Mat(100, 100, opencv_core.CV_8UC3, new Scalar(200, 200, 200, 0))) {
        Boxes out = MixTransforms.cutMix(a, Boxes.empty(), b, new Boxes(new float[] {3}, new float[] {0, 0, 100, 100}),
            new SampleRandom(seed));
        if (out.size() == 0) {
          continue;
        }
        pasted++;
        float[] x = out.xyxy();
        assertThat(out.cls()).containsExactly(3);
        // the whole-image box is clipped to the pasted area, whose pixels now come from b
        assertThat(MosaicTest.px(a, (int) x[1], (int) x[0])).isEqualTo(200);
        assertThat(MosaicTest.px(a, (int) x[3] - 1, (int) x[2] - 1)).isEqualTo(200);
        if (x[2] < 100) {
          assertThat(MosaicTest.px(a, (int) x[1], (int) x[2])).isEqualTo(0);
        }
        assertThat((x[2] - x[0]) * (x[3] - x[1])).isGreaterThanOrEqualTo(1000 - 1e-3f); // ioa >= 0.1 of 100x100
      }
    }
    assertThat(pasted).isGreaterThan(10);
    assertThat(MixTransforms.ioa(new float[] {0, 0, 10, 10}, new float[] {5, 5, 15, 25}, 0))
        .isCloseTo(25.0 / 200, within(1e-6));
  }

  /**
   * A [min, max] scale range (accepted by the catalogue) stops with one line naming it; it used to say "expected a
   * number" about the list's text.
   */
  @Test
  void aScaleRangeIsNamedAsNotInThisBuild() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> AugmentConfig.fromMap(java.util.Map.of("scale", java.util.List.of(0.5, 1.5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scale=[0.5, 1.5]: an explicit [min, max] scale range is not in this build");
  }
}
