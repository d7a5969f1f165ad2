package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outlines through the training augmentation as Ultralytics' {@code Instances} moves segments: with their box
 * through translation, flips and clipping; through the warp each box becomes the extent of its outline's points in
 * the image ({@code segment2box}) with the outline clipped to it; joined outlines share one point count.
 */
class SegmentAugmentTest {
  @TempDir Path dir;

  /** A triangle (20,10) (60,50) (20,50) with its box. */
  private static Boxes triangle() {
    return new Boxes(new float[] {3}, new float[] {20, 10, 60, 50})
        .withSegments(new float[][] {{20, 10, 60, 50, 20, 50}});
  }

  @Test
  void flipsAndClipMoveTheOutlineWithItsBox() {
    Boxes b = triangle().flipLr(100, null);
    assertThat(b.segments()[0]).containsExactly(80, 10, 40, 50, 80, 50);
    b = triangle().flipUd(60).translate(-30, 0).clip(100, 100);
    assertThat(b.segments()[0]).containsExactly(0, 50, 30, 10, 0, 10);
    assertThat(b.copy().segments()[0]).isNotSameAs(b.segments()[0]).containsExactly(b.segments()[0]);
  }

  @Test
  void joiningResamplesOutlinesToTheLongest() {
    Boxes longer = new Boxes(new float[] {1}, new float[] {0, 0, 10, 10})
        .withSegments(new float[][] {{0, 0, 10, 0, 10, 10, 0, 10}});
    Boxes joined = Boxes.concat(triangle(), longer);
    assertThat(joined.segments()[0]).hasSize(8);
    assertThat(joined.segments()[1]).containsExactly(0, 0, 10, 0, 10, 10, 0, 10);
    assertThat(Boxes.concat(triangle(), new Boxes(new float[] {1}, new float[] {0, 0, 1, 1})).hasSegments())
        .isFalse();
  }

  @Test
  void theWarpMakesEachBoxTheExtentOfItsOutlineInsideTheImage() {
    RandomPerspective affine = new RandomPerspective(0, 0, 0, 0, 0);
    // a shift by (-30, 0) of a 160x100 input into 100x100 leaves one vertex inside: a zero-area box, dropped
    double[] m = RandomPerspective.matrix(160, 100, 0, 0, 0, 1, 0, 0, 50, 50);
    assertThat(affine.apply(triangle(), new RandomPerspective.Params(m, 1.0), 100, 100).size()).isZero();
    // a shift by (-5, 0): all three vertices inside, the box is their extent
    double[] m2 = RandomPerspective.matrix(100, 100, 0, 0, 0, 1, 0, 0, 45, 50);
    Boxes kept = affine.apply(triangle(), new RandomPerspective.Params(m2, 1.0), 100, 100);
    assertThat(kept.xyxy()).containsExactly(15, 10, 55, 50);
    assertThat(kept.segments()[0]).containsExactly(15, 10, 55, 50, 15, 50);
  }

  @Test
  void segmentToBoxIgnoresPointsOutsideAndGivesZerosWhenNoneIsInside() {
    float[] box = new float[4];
    RandomPerspective.segmentToBox(new float[] {-5, 5, 20, 30, 40, 10, 120, 50}, 100, 100, box, 0);
    assertThat(box).containsExactly(20, 10, 40, 30);
    RandomPerspective.segmentToBox(new float[] {-5, 5, 120, 50}, 100, 100, box, 0);
    assertThat(box).containsExactly(0, 0, 0, 0);
  }

  @Test
  void thePipelineKeepsAnOutlinePerBoxInsideTheImage() {
    TestData.image(dir.resolve("images/train/a.png"), 160, 120, 30, 60, 90);
    TestData.text(dir.resolve("labels/train/a.txt"), "0 0.25 0.25 0.75 0.25 0.5 0.75\n1 0.1 0.1 0.3 0.1 0.3 0.3 0.1 0.3\n");
    try (YoloDataset ds = YoloDataset.open(List.of(dir.resolve("images/train")), List.of("a", "b"),
            DatasetOptions.of(160), "");
        AugmentBuffers buf = new AugmentBuffers()) {
      assertThat(ds.hasSegments()).isTrue();
      TrainTransform t = new TrainTransform(ds, AugmentConfig.defaults());
      int seen = 0;
      for (int seed = 0; seed < 20; seed++) {
        Boxes b = t.apply(0, new SampleRandom(seed), buf).boxes();
        assertThat(b.segments().length).isEqualTo(b.size());
        for (int i = 0; i < b.size(); i++) {
          float[] sg = b.segments()[i];
          assertThat(sg).hasSize(2 * Polygons.RESAMPLE_POINTS);
          for (int k = 0; k < sg.length; k += 2) {
            // every point within its box (clipped to it), the box within the image
            assertThat(sg[k]).isBetween(b.xyxy()[4 * i] - 1e-3f, b.xyxy()[4 * i + 2] + 1e-3f);
            assertThat(sg[k + 1]).isBetween(b.xyxy()[4 * i + 1] - 1e-3f, b.xyxy()[4 * i + 3] + 1e-3f);
          }
          assertThat(b.xyxy()[4 * i + 2]).isLessThanOrEqualTo(160f);
          seen++;
        }
      }
      assertThat(seen).isGreaterThan(20);
    }
  }
}
