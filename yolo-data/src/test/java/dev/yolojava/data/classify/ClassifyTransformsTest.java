package dev.yolojava.data.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassifyTransformsTest {
  private static byte[] random(int h, int w, long seed) {
    byte[] b = new byte[h * w * 3];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static Rgb gradient(int h, int w) {
    byte[] b = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        b[(y * w + x) * 3] = (byte) (y * 16 + x);
        b[(y * w + x) * 3 + 1] = (byte) (y * 16 + x + 1);
        b[(y * w + x) * 3 + 2] = (byte) (y * 16 + x + 2);
      }
    }
    return new Rgb(b, h, w);
  }

  @Test
  void resizeSetsTheShorterSideAndTruncatesTheLonger() {
    assertThat(ClassifyTransforms.resizedSize(480, 640, 224)).containsExactly(224, 298); // int(224 * 640 / 480)
    assertThat(ClassifyTransforms.resizedSize(640, 480, 224)).containsExactly(298, 224);
    assertThat(ClassifyTransforms.resizedSize(100, 100, 64)).containsExactly(64, 64);
    assertThat(ClassifyTransforms.resizedSize(3, 7, 64)).containsExactly(64, 149); // int(149.33)
  }

  @Test
  void evalCropsTheCentreToChwFloats() {
    // 6 high, 4 wide at size 4: no resize (shorter side is 4), crop rows 1..4
    Rgb img = gradient(6, 4);
    float[] x = ClassifyTransforms.eval(img.px(), 6, 4, 4);
    assertThat(x).hasSize(3 * 4 * 4);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 4; y++) {
        for (int xx = 0; xx < 4; xx++) {
          assertThat(x[c * 16 + y * 4 + xx]).isEqualTo(((y + 1) * 16 + xx + c) / 255f);
        }
      }
    }
  }

  @Test
  void centreCropRoundsHalfToEven() {
    // (9 - 4) / 2 = 2.5 rounds to 2 (Python), (7 - 4) / 2 = 1.5 to 2
    Rgb a = ClassifyTransforms.centerCrop(gradient(9, 4), 4, 4);
    assertThat(a.px()[0]).isEqualTo((byte) 32);
    Rgb b = ClassifyTransforms.centerCrop(gradient(7, 4), 4, 4);
    assertThat(b.px()[0]).isEqualTo((byte) 32);
    Rgb c = ClassifyTransforms.centerCrop(gradient(4, 11), 4, 4);
    assertThat(c.px()[0]).isEqualTo((byte) 4); // (11 - 4) / 2 = 3.5 -> 4
  }

  @Test
  void centreCropPadsSmallImagesWithZeros() {
    Rgb img = new Rgb(new byte[] {9, 9, 9, 8, 8, 8, 7, 7, 7, 6, 6, 6}, 2, 2);
    Rgb out = ClassifyTransforms.centerCrop(img, 5, 4);
    // left 1 right 1, top 1 bottom 2
    assertThat(out.h()).isEqualTo(5);
    assertThat(out.w()).isEqualTo(4);
    assertThat(out.px()[(1 * 4 + 1) * 3]).isEqualTo((byte) 9);
    assertThat(out.px()[(2 * 4 + 2) * 3]).isEqualTo((byte) 6);
    assertThat(out.px()[0]).isEqualTo((byte) 0);
    assertThat(out.px()[(4 * 4 + 3) * 3]).isEqualTo((byte) 0);
  }

  @Test
  void evalResizesWithPillowsFilter() {
    byte[] img = random(50, 80, 3);
    float[] x = ClassifyTransforms.eval(img, 50, 80, 32);
    byte[] r = PilResize.resizeRgb(img, 50, 80, 32, 51); // int(32 * 80 / 50) = 51
    int left = (int) Math.rint((51 - 32) / 2.0); // 9.5 -> 10
    assertThat(left).isEqualTo(10);
    assertThat(x[0]).isEqualTo((r[left * 3] & 0xFF) / 255f);
    assertThat(x[32 * 32 + 5 * 32 + 7]).isEqualTo((r[(5 * 51 + left + 7) * 3 + 1] & 0xFF) / 255f);
  }

  @Test
  void trainIsDeterministicPerGeneratorAndStaysInRange() {
    byte[] img = random(40, 60, 5);
    ClassifyAugment[] augs = {ClassifyAugment.defaults(),
        new ClassifyAugment(0.9, 0.5, 0.5, null, 0.015, 0.7, 0.4, 1.0),
        new ClassifyAugment(0.5, 0.0, 0.0, "", 0.5, 0, 0, 0), new ClassifyAugment(1.0, 0, 0, null, 0, 0, 0, 0)};
    for (ClassifyAugment aug : augs) {
      for (long seed = 0; seed < 30; seed++) {
        float[] a = ClassifyTransforms.train(img, 40, 60, 24, aug, new SplittableRandom(seed));
        float[] b = ClassifyTransforms.train(img, 40, 60, 24, aug, new SplittableRandom(seed));
        assertThat(a).hasSize(3 * 24 * 24).isEqualTo(b);
        for (float v : a) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
      float[] s1 = ClassifyTransforms.train(img, 40, 60, 24, aug, new SplittableRandom(1));
      float[] s2 = ClassifyTransforms.train(img, 40, 60, 24, aug, new SplittableRandom(2));
      assertThat(s1).isNotEqualTo(s2);
    }
  }

  @Test
  void everyRandAugmentOpKeepsTheImageSize() {
    Rgb img = new Rgb(random(17, 23, 9), 17, 23);
    for (RandAugment.Op op : RandAugment.Op.values()) {
      double m = RandAugment.magnitude(op, 17, 23);
      for (double sign : new double[] {1, -1}) {
        Rgb out = RandAugment.apply(img, op, sign * m);
        assertThat(out.h()).as(op.name()).isEqualTo(17);
        assertThat(out.w()).as(op.name()).isEqualTo(23);
      }
    }
    assertThat(RandAugment.magnitude(RandAugment.Op.POSTERIZE, 1, 1)).isEqualTo(7);
    assertThat(RandAugment.magnitude(RandAugment.Op.SOLARIZE, 1, 1)).isEqualTo(178.5);
    assertThat(RandAugment.magnitude(RandAugment.Op.ROTATE, 1, 1)).isEqualTo(9.0);
    assertThat(RandAugment.magnitude(RandAugment.Op.BRIGHTNESS, 1, 1)).isEqualTo((float) 0.27, org.assertj.core.api.Assertions.within(1e-7));
  }

  @Test
  void pillowLookupOpsByHand() {
    Rgb img = new Rgb(new byte[] {(byte) 255, (byte) 200, (byte) 178, 50, 100, 1}, 1, 2);
    assertThat(PilOps.posterize(img, 7).px()).containsExactly((byte) 254, (byte) 200, (byte) 178, 50, 100, 0);
    assertThat(PilOps.solarize(img, 178.5).px()).containsExactly(0, 55, (byte) 178, 50, 100, 1);
    // per band: R 50..255, G 100..200, B 1..178 stretched to 0..255; G's top is int(200 * 2.55 - 255) = 254 in
    // doubles, as in Pillow's Python loop
    assertThat(PilOps.autocontrast(img).px()).containsExactly((byte) 255, (byte) 254, (byte) 255, 0, 0, 0);
    Rgb flat = new Rgb(new byte[] {5, 5, 5, 5, 5, 5}, 1, 2);
    assertThat(PilOps.equalize(flat).px()).isEqualTo(flat.px());
    assertThat(PilOps.brightness(img, 0.5f).px()).containsExactly(127, 100, 89, 25, 50, 0);
    assertThat(PilOps.luma(255, 255, 255)).isEqualTo(255);
    assertThat(PilOps.luma(255, 0, 0)).isEqualTo(76);
  }

  @Test
  void affineIdentityAndIntegerTranslationMovePixelsExactly() {
    Rgb img = gradient(5, 6);
    assertThat(PilOps.affine(img, PilOps.inverseAffine(3, 2.5, 0, 0, 0, 0, 0)).px()).isEqualTo(img.px());
    Rgb moved = RandAugment.apply(img, RandAugment.Op.TRANSLATE_X, 2.7); // int(2.7) = 2 pixels right
    assertThat(moved.px()[0]).isEqualTo((byte) 0);
    assertThat(moved.px()[(1 * 6 + 2) * 3]).isEqualTo(img.px()[(1 * 6) * 3]);
    Rgb sheared = RandAugment.apply(img, RandAugment.Op.SHEAR_X, 0.0);
    assertThat(sheared.px()).isEqualTo(img.px());
  }

  @Test
  void erasingZeroesOneRectangleInAllChannels() {
    float[] x = new float[3 * 20 * 20];
    java.util.Arrays.fill(x, 0.5f);
    ClassifyTransforms.erase(x, 20, 20, new SplittableRandom(4));
    int zeros = 0;
    for (int i = 0; i < 400; i++) {
      boolean z = x[i] == 0f;
      assertThat(x[400 + i] == 0f).isEqualTo(z);
      assertThat(x[800 + i] == 0f).isEqualTo(z);
      zeros += z ? 1 : 0;
    }
    assertThat(zeros).isBetween(1, 399);
  }

  @Test
  void autoAugmentPoliciesNotBuiltAreRefusedByName() {
    assertThatThrownBy(() -> new ClassifyAugment(0.5, 0.5, 0, "augmix", 0, 0, 0, 0))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("auto_augment=augmix")
        .hasMessageContaining("randaugment");
    assertThatThrownBy(() -> new ClassifyAugment(0.5, 0.5, 0, "autoaugment", 0, 0, 0, 0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new ClassifyAugment(0.5, 0.5, 0, "RandAugment", 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("Invalid auto_augment policy: RandAugment. Should be"
            + " one of \"randaugment\", \"augmix\", \"autoaugment\" or None");
    assertThatThrownBy(() -> new ClassifyAugment(1.5, 0.5, 0, null, 0, 0, 0, 0)).hasMessageContaining("scale is 1.5");
    assertThat(ClassifyAugment.defaults().randAugment()).isTrue();
    assertThat(new ClassifyAugment(0.5, 0.5, 0, "", 0, 0, 0, 0).randAugment()).isFalse();
  }
}
