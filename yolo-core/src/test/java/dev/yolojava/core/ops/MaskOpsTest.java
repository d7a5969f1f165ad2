package dev.yolojava.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Masks from prototypes equal Ultralytics 8.4.90's {@code ops.process_mask} and {@code process_mask_native} on the
 * same prototypes, coefficients and boxes ({@code fixtures/segment/mask-ops.npz}, made by
 * {@code bench/seg_mask_fixture.py}): fractional, tiny, whole-image and partly outside boxes. Bilinear resizing in
 * float may flip a pixel whose logit is within rounding of 0, so a few pixels per mask may differ.
 */
class MaskOpsTest {
  private static final double MAX_DIFFERENT = 0.002; // of a mask's area

  private static Map<String, NpyArray> fixture() throws IOException {
    return Npz.read(Path.of(System.getProperty("yolo.taskFixtures", "../fixtures"), "segment", "mask-ops.npz"));
  }

  @Test
  void inputSizeMasksMatchUltralytics() throws IOException {
    Map<String, NpyArray> f = fixture();
    long[] hw = longs(f.get("input_hw"));
    try (PointerScope scope = new PointerScope()) {
      Tensor masks = MaskOps.processMask(f.get("proto").toTensor(), f.get("coef").toTensor(), f.get("boxes").toTensor(),
          hw[0], hw[1]);
      assertSameMasks(masks, f.get("masks"), f.get("mask_pixels"), (int) hw[0], (int) hw[1]);
    }
  }

  @Test
  void originalSizeMasksMatchUltralytics() throws IOException {
    Map<String, NpyArray> f = fixture();
    long[] hw = longs(f.get("image_hw"));
    try (PointerScope scope = new PointerScope()) {
      Tensor masks = MaskOps.processMaskNative(f.get("proto").toTensor(), f.get("coef").toTensor(),
          f.get("native_boxes").toTensor(), hw[0], hw[1]);
      assertSameMasks(masks, f.get("native"), f.get("native_pixels"), (int) hw[0], (int) hw[1]);
    }
  }

  private static void assertSameMasks(Tensor actual, NpyArray packed, NpyArray pixels, int h, int w) {
    long[] expectedPixels = longs(pixels);
    int n = expectedPixels.length;
    assertThat(actual.size(0)).isEqualTo(n);
    assertThat(actual.size(1)).isEqualTo(h);
    assertThat(actual.size(2)).isEqualTo(w);
    byte[] got = new byte[n * h * w];
    actual.contiguous().data_ptr_byte().get(got);
    long[] bits = packed.longs(); // uint8, np.packbits: first pixel in the highest bit
    int rowBytes = (w + 7) / 8;
    for (int i = 0; i < n; i++) {
      long differ = 0;
      long count = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          boolean expected = (bits[(i * h + y) * rowBytes + x / 8] >> (7 - x % 8) & 1) != 0;
          boolean on = got[(i * h + y) * w + x] != 0;
          count += on ? 1 : 0;
          differ += on != expected ? 1 : 0;
        }
      }
      assertThat(differ).as("mask %s: pixels that differ from Ultralytics (of %s)", i, expectedPixels[i])
          .isLessThanOrEqualTo((long) Math.ceil(MAX_DIFFERENT * Math.max(expectedPixels[i], 1)));
      assertThat(Math.abs(count - expectedPixels[i])).isLessThanOrEqualTo(differ);
    }
  }

  private static long[] longs(NpyArray a) {
    return a.longs();
  }
}
