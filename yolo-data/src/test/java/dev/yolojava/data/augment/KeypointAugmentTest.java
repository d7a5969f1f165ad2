package dev.yolojava.data.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keypoints through the training augmentation as Ultralytics' {@code Instances} moves them: with their box through
 * translation, scale and the affine warp, hidden (visibility 0) where they leave the image then clamped to it, and
 * mirrored left-right with {@code flip_idx} swapping left and right keypoints.
 */
class KeypointAugmentTest {
  @TempDir Path dir;

  /** One box 20..60 x 10..50 with 3 keypoints: left (20, 30), top (40, 10), right (60, 30), all visible. */
  private static Boxes kite() {
    return new Boxes(new float[] {0}, new float[] {20, 10, 60, 50}, new float[] {20, 30, 2, 40, 10, 2, 60, 30, 2}, 3);
  }

  @Test
  void leftRightFlipMirrorsAndSwapsThroughFlipIdx() {
    Boxes b = kite().flipLr(100, new int[] {2, 1, 0});
    assertThat(b.xyxy()).containsExactly(40, 10, 80, 50);
    // keypoint 0 is now the mirror of old keypoint 2 (60 -> 40), keypoint 2 the mirror of old keypoint 0 (20 -> 80)
    assertThat(b.keypoints()).containsExactly(40, 30, 2, 60, 10, 2, 80, 30, 2);
    assertThatThrownBy(() -> kite().flipLr(100, null)).hasMessageContaining("needs a flip_idx of 3 entries");
  }

  @Test
  void upDownFlipKeepsTheKeypointOrder() {
    Boxes b = kite().flipUd(60);
    assertThat(b.xyxy()).containsExactly(20, 10, 60, 50);
    assertThat(b.keypoints()).containsExactly(20, 30, 2, 40, 50, 2, 60, 30, 2);
  }

  @Test
  void clipHidesKeypointsOutsideThenClampsThem() {
    Boxes b = kite().translate(-30, 0).clip(100, 100);
    assertThat(b.xyxy()).containsExactly(0, 10, 30, 50);
    // the left keypoint went to x = -10: invisible, clamped to 0; x = 0 exactly stays visible (Ultralytics: < 0)
    assertThat(b.keypoints()).containsExactly(0, 30, 0, 10, 10, 2, 30, 30, 2);
  }

  @Test
  void filterConcatAndNormaliseCarryKeypointsWithTheirBoxes() {
    Boxes two = Boxes.concat(kite(), kite().translate(10, 20));
    Boxes second = two.filter(new boolean[] {false, true});
    assertThat(second.keypoints()).containsExactly(30, 50, 2, 50, 30, 2, 70, 50, 2);
    float[][] n = second.toNormalizedKeypoints(100, 200);
    assertThat(n[0]).containsExactly(0.3f, 0.25f, 2f, 0.5f, 0.15f, 2f, 0.7f, 0.25f, 2f);
    assertThatThrownBy(() -> Boxes.concat(kite(), new Boxes(new float[] {1}, new float[] {0, 0, 1, 1})))
        .hasMessageContaining("cannot join boxes with 3 and with 0 keypoints each");
  }

  @Test
  void theAffineWarpMovesKeypointsLikeTheirBox() {
    RandomPerspective affine = new RandomPerspective(0, 0, 0, 0, 0);
    // 90 degrees around the centre of a 100x100 image: (x, y) -> (y, 100 - x)
    double[] m = RandomPerspective.matrix(100, 100, 0, 0, 90, 1, 0, 0, 50, 50);
    Boxes b = affine.transformBoxes(kite(), m);
    float[] k = b.keypoints();
    float[][] want = {{30, 80}, {10, 60}, {30, 40}};
    for (int j = 0; j < 3; j++) {
      assertThat(k[3 * j]).isCloseTo(want[j][0], within(1e-4f));
      assertThat(k[3 * j + 1]).isCloseTo(want[j][1], within(1e-4f));
      assertThat(k[3 * j + 2]).isEqualTo(2f);
    }
  }

  @Test
  void theTrainingPipelineKeepsEveryKeypointInsideTheImageAndVisibleOnlyThere() throws Exception {
    TestData.image(dir.resolve("images/train/a.png"), 160, 120, 30, 60, 90);
    // a kite whose 4 vertices are on its box's edges; flip_idx swaps right (1) and left (3)
    TestData.text(dir.resolve("labels/train/a.txt"),
        "0 0.5 0.5 0.5 0.5 0.5 0.25 2 0.75 0.5 2 0.5 0.75 2 0.25 0.5 2\n");
    TestData.text(dir.resolve("data.yaml"), "path: " + dir + "\ntrain: images/train\nval: images/train\n"
        + "kpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\nnames: ['kite']\n");
    DataConfig cfg = DataConfig.resolve(dir.resolve("data.yaml").toString());
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(160).withKeypoints(cfg.keypoints()));
        AugmentBuffers buf = new AugmentBuffers()) {
      TrainTransform t = new TrainTransform(ds, AugmentConfig.defaults());
      int seen = 0;
      int flippedOrder = 0;
      for (int seed = 0; seed < 30; seed++) {
        TrainTransform.Result r = t.apply(0, new SampleRandom(seed), buf);
        Boxes b = r.boxes();
        assertThat(b.keypointCount()).isEqualTo(4);
        float[] k = b.keypoints();
        for (int i = 0; i < b.size(); i++) {
          seen++;
          for (int j = 0; j < 4; j++) {
            float x = k[12 * i + 3 * j];
            float y = k[12 * i + 3 * j + 1];
            assertThat(x).isBetween(0f, 160f);
            assertThat(y).isBetween(0f, 160f);
          }
          // keypoint 1 is the right-hand vertex before and after a mirror (flip_idx): right of keypoint 3 when both
          // are visible and the warp's rotation (at most 0 by default) keeps left and right
          if (k[12 * i + 5] > 0 && k[12 * i + 11] > 0) {
            assertThat(k[12 * i + 3]).as("seed %s box %s", seed, i).isGreaterThanOrEqualTo(k[12 * i + 9]);
            flippedOrder++;
          }
        }
        float[] again = t.apply(0, new SampleRandom(seed), buf).boxes().keypoints();
        assertThat(again).containsExactly(k);
      }
      assertThat(seen).isGreaterThan(30);
      assertThat(flippedOrder).isGreaterThan(10);
    }
  }
}
