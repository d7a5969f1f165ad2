package dev.yolojava.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LetterboxTest {
  @Test
  void landscape640x480ToSquare640PadsTopAndBottomBy80() {
    LetterboxGeometry g = Letterbox.square(640).geometry(480, 640);
    assertThat(g.ratio()).isEqualTo(1.0);
    assertThat(new int[] {g.unpadH(), g.unpadW(), g.top(), g.bottom(), g.left(), g.right()})
        .containsExactly(480, 640, 80, 80, 0, 0);
    assertThat(g.outH()).isEqualTo(640);
  }

  @Test
  void autoModeKeepsStrideAlignedRectangle() {
    LetterboxGeometry g = new Letterbox(640, 640, true, true, true, 32).geometry(480, 640);
    assertThat(g.outH()).isEqualTo(480);
    assertThat(g.outW()).isEqualTo(640);
    // 500x375 -> r = 1.28 -> 640x480: already aligned; 333x500 -> r=1.28 -> 426x640 -> pad 22 -> 11+11
    LetterboxGeometry odd = new Letterbox(640, 640, true, true, true, 32).geometry(500, 333);
    assertThat(odd.unpadW()).isEqualTo(426);
    assertThat(odd.left() + odd.right()).isEqualTo(22);
    assertThat(odd.outW() % 32).isZero();
  }

  @Test
  void oddPaddingSplitsLikeUltralytics() {
    // 100x61 into 64x64: r = 0.64 -> 39x64, dw = 25 -> 12.5 -> left round(12.4)=12, right round(12.6)=13
    LetterboxGeometry g = Letterbox.square(64).geometry(100, 61);
    assertThat(g.unpadW()).isEqualTo(39);
    assertThat(g.left()).isEqualTo(12);
    assertThat(g.right()).isEqualTo(13);
  }

  @Test
  void pythonHalfToEvenRoundingOfResizedSize() {
    // 5 * 0.5 = 2.5 rounds to 2 in Python (half to even), not 3
    LetterboxGeometry g = new Letterbox(5, 5, false, true, true, 32).geometry(10, 5);
    assertThat(g.unpadW()).isEqualTo(2);
  }

  @Test
  void boxMapsBackToSourcePixels() {
    LetterboxGeometry g = Letterbox.square(320).geometry(480, 640); // r=0.5, 320x240, pad 40 top/bottom
    float[] box = {
      (float) (100 * 0.5), (float) (50 * 0.5 + 40), (float) (300 * 0.5), (float) (200 * 0.5 + 40)
    };
    g.toSource(box, 0, 4, 1);
    assertThat(box).containsExactly(100f, 50f, 300f, 200f);
    float[] p = g.toLetterboxed(100, 50);
    assertThat(p).containsExactly(50f, 65f);
  }

  @Test
  void appliedImageHasPadValueAndTargetSize() {
    try (Mat img = new Mat(480, 640, opencv_core.CV_8UC3, new Scalar(10, 20, 30, 0))) {
      Mat out = Letterbox.square(640).apply(img);
      assertThat(out.rows()).isEqualTo(640);
      assertThat(out.cols()).isEqualTo(640);
      byte[] px = new byte[3];
      out.ptr(0, 0).get(px);
      assertThat(px).containsExactly(114, 114, 114);
      out.ptr(320, 320).get(px);
      assertThat(px).containsExactly(10, 20, 30);
      Tensor t = ImageTensors.toBatch(java.util.List.of(out));
      assertThat(t.sizes().vec().get()).containsExactly(1, 3, 640, 640);
      // BGR (10,20,30) becomes RGB channel order
      assertThat(t.select(1, 0).select(1, 320).select(1, 320).item_int()).isEqualTo(30);
      assertThat(t.select(1, 2).select(1, 320).select(1, 320).item_int()).isEqualTo(10);
    }
  }

  @Test
  void nonImageBytesGiveAClearError(@TempDir Path dir) throws Exception {
    Path txt = Files.writeString(dir.resolve("notes.jpg"), "this is not a jpeg");
    assertThatThrownBy(() -> Images.read(txt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notes.jpg")
        .hasMessageContaining("not a supported image format");
    Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
    assertThatThrownBy(() -> Images.read(empty)).hasMessageContaining("empty (0 bytes)");
    assertThatThrownBy(() -> Images.read(dir.resolve("missing.jpg"))).hasMessageContaining("not found");
  }
}
