package dev.yolojava.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class JpegLayoutTest {
  @Test
  void readsTheSubsamplingOpenCvWrote() {
    assertThat(layout(0x221111).plainYcc()).contains(JpegLayout.Subsampling.S420);
    assertThat(layout(0x211111).plainYcc()).contains(JpegLayout.Subsampling.S422);
    assertThat(layout(0x111111).plainYcc()).contains(JpegLayout.Subsampling.S444);
    JpegLayout l = layout(0x221111);
    assertThat(l.width()).isEqualTo(40);
    assertThat(l.height()).isEqualTo(24);
    assertThat(l.sof()).isEqualTo(0xC0);
    assertThat(l.orientation()).isEqualTo(1);
  }

  @Test
  void anExifRotationOrAnAdobeSegmentSendsTheFileElsewhere() {
    byte[] plain = JpegColourTest.texturedJpeg(40, 24, 0x221111);
    JpegLayout rotated = JpegLayout.read(withSegment(plain, 0xE1, exif(6, true))).orElseThrow();
    assertThat(rotated.orientation()).isEqualTo(6);
    assertThat(rotated.plainYcc()).isEmpty();
    JpegLayout upright = JpegLayout.read(withSegment(plain, 0xE1, exif(1, false))).orElseThrow();
    assertThat(upright.orientation()).isEqualTo(1);
    assertThat(upright.plainYcc()).contains(JpegLayout.Subsampling.S420);
    byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1};
    assertThat(JpegLayout.read(withSegment(plain, 0xEE, adobe)).orElseThrow().plainYcc()).isEmpty();
  }

  @Test
  void progressiveFilesAreNotForJpegEngines() {
    byte[] progressive;
    byte[] plain = JpegColourTest.texturedJpeg(40, 24, 0x221111);
    try (BytePointer in = new BytePointer(plain);
        Mat raw = new Mat(1, plain.length, opencv_core.CV_8UC1, in);
        Mat m = opencv_imgcodecs.imdecode(raw, opencv_imgcodecs.IMREAD_COLOR);
        BytePointer buf = new BytePointer()) {
      opencv_imgcodecs.imencode(".jpg", m, buf, new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1));
      progressive = new byte[(int) buf.limit()];
      buf.get(progressive);
    }
    JpegLayout l = JpegLayout.read(progressive).orElseThrow();
    assertThat(l.sof()).isEqualTo(0xC2);
    assertThat(l.plainYcc()).isEmpty();
  }

  @Test
  void otherFormatsAndCutHeadersAreNotRead() {
    assertThat(JpegLayout.read(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0})).isEmpty();
    byte[] jpeg = JpegColourTest.texturedJpeg(40, 24, 0x221111);
    assertThat(JpegLayout.read(java.util.Arrays.copyOf(jpeg, 30))).isEmpty();
  }

  private static JpegLayout layout(int sampling) {
    return JpegLayout.read(JpegColourTest.texturedJpeg(40, 24, sampling)).orElseThrow();
  }

  /** {@code jpeg} with an APPn segment inserted right after SOI. */
  private static byte[] withSegment(byte[] jpeg, int marker, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(marker);
    out.write((body.length + 2) >> 8);
    out.write(body.length + 2);
    out.writeBytes(body);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An Exif block whose IFD0 holds one entry, the orientation. */
  private static byte[] exif(int orientation, boolean littleEndian) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
    if (littleEndian) {
      b.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0,
          (byte) orientation, 0, 0, 0, 0, 0, 0, 0});
    } else {
      b.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
          0, (byte) orientation, 0, 0, 0, 0, 0, 0});
    }
    return b.toByteArray();
  }
}
