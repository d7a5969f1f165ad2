package dev.yolojava.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.Raster;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class JpegColourTest {
  /** libjpeg's fancy upsampling written as its loops (edge columns and rows special-cased), one plane. */
  private static int[][] reference(int[][] c, JpegLayout.Subsampling sub) {
    int ch = c.length;
    int cw = c[0].length;
    if (sub == JpegLayout.Subsampling.S422) {
      int[][] out = new int[ch][2 * cw];
      for (int r = 0; r < ch; r++) {
        for (int x = 0; x < cw; x++) {
          int three = 3 * c[r][x];
          out[r][2 * x] = x == 0 ? c[r][0] : (three + c[r][x - 1] + 1) >> 2;
          out[r][2 * x + 1] = x == cw - 1 ? c[r][x] : (three + c[r][x + 1] + 2) >> 2;
        }
      }
      return out;
    }
    int[][] out = new int[2 * ch][2 * cw];
    for (int r = 0; r < ch; r++) {
      for (int v = 0; v < 2; v++) {
        int far = v == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, ch - 1); // the context row repeats the edge
        int[] sum = new int[cw];
        for (int x = 0; x < cw; x++) {
          sum[x] = 3 * c[r][x] + c[far][x];
        }
        int[] o = out[2 * r + v];
        for (int x = 0; x < cw; x++) {
          o[2 * x] = x == 0 ? (sum[0] * 4 + 8) >> 4 : (sum[x] * 3 + sum[x - 1] + 8) >> 4;
          o[2 * x + 1] = x == cw - 1 ? (sum[x] * 4 + 7) >> 4 : (sum[x] * 3 + sum[x + 1] + 7) >> 4;
        }
      }
    }
    return out;
  }

  @Test
  void upsamplingMatchesLibjpegsLoopsAtEverySize() {
    Random rnd = new Random(7);
    for (JpegLayout.Subsampling sub : new JpegLayout.Subsampling[] {JpegLayout.Subsampling.S420,
        JpegLayout.Subsampling.S422}) {
      for (int[] size : new int[][] {{1, 1}, {1, 5}, {4, 1}, {3, 7}, {8, 8}, {13, 10}}) {
        int ch = size[0];
        int cw = size[1];
        int[][] c = new int[ch][cw];
        int[] flat = new int[ch * cw];
        for (int r = 0; r < ch; r++) {
          for (int x = 0; x < cw; x++) {
            c[r][x] = rnd.nextInt(256);
            flat[r * cw + x] = c[r][x];
          }
        }
        int[][] want = reference(c, sub);
        try (PointerScope scope = new PointerScope()) {
          Tensor t = ints(flat).view(1, ch, cw);
          Tensor up = JpegColour.upsample(t, sub).contiguous();
          assertThat(up.sizes().vec().get()).containsExactly(1, want.length, want[0].length);
          int[] got = new int[want.length * want[0].length];
          new IntPointer(up.data_ptr()).get(got);
          for (int r = 0; r < want.length; r++) {
            for (int x = 0; x < want[0].length; x++) {
              assertThat(got[r * want[0].length + x]).as("%s %sx%s at (%s, %s)", sub, ch, cw, r, x)
                  .isEqualTo(want[r][x]);
            }
          }
        }
      }
    }
  }

  @Test
  void constantsAreLibjpegs() { // FIX(x) = (int) (x * 65536 + 0.5)
    assertThat(JpegColour.CR_R).isEqualTo(91881);
    assertThat(JpegColour.CB_B).isEqualTo(116130);
    assertThat(JpegColour.CR_G).isEqualTo(46802);
    assertThat(JpegColour.CB_G).isEqualTo(22554);
  }

  /**
   * A 4:4:4 JPEG needs no upsampling: the JDK's decoder gives its YCbCr samples (same integer IDCT as libjpeg-turbo)
   * and the conversion alone must then give OpenCV's pixels.
   */
  @Test
  void colourConversionGivesOpenCvsPixels() throws Exception {
    int w = 96;
    int h = 64;
    byte[] jpeg = texturedJpeg(w, h, 0x111111);
    Raster ycc = rawYcc(jpeg);
    assertThat(ycc.getNumBands()).isEqualTo(3);
    byte[] y = new byte[w * h];
    byte[] c = new byte[2 * w * h];
    for (int r = 0; r < h; r++) {
      for (int x = 0; x < w; x++) {
        y[r * w + x] = (byte) ycc.getSample(x, r, 0);
        c[r * w + x] = (byte) ycc.getSample(x, r, 1);
        c[w * h + r * w + x] = (byte) ycc.getSample(x, r, 2);
      }
    }
    try (PointerScope scope = new PointerScope(); Mat ref = Images.decode(jpeg, "test")) {
      Tensor bgr = JpegColour.toBgr(bytes(y).view(h, w), bytes(c).view(2, h, w), JpegLayout.Subsampling.S444);
      byte[] got = new byte[3 * w * h];
      byte[] want = new byte[3 * w * h];
      new BytePointer(bgr.contiguous().data_ptr()).get(got);
      ref.data().capacity(want.length).get(want);
      assertThat(got).isEqualTo(want);
    }
  }

  static byte[] texturedJpeg(int w, int h, int sampling) {
    Random rnd = new Random(3);
    byte[] px = new byte[3 * w * h];
    for (int r = 0; r < h; r++) {
      for (int x = 0; x < w; x++) {
        int o = 3 * (r * w + x);
        px[o] = (byte) (x * 255 / w ^ rnd.nextInt(40));
        px[o + 1] = (byte) (r * 255 / h + rnd.nextInt(60));
        px[o + 2] = (byte) ((x / 8 + r / 8) % 2 == 0 ? 230 - rnd.nextInt(30) : 20 + rnd.nextInt(30));
      }
    }
    try (Mat m = new Mat(h, w, opencv_core.CV_8UC3); BytePointer buf = new BytePointer()) {
      m.data().put(px);
      opencv_imgcodecs.imencode(".jpg", m, buf, new org.bytedeco.javacpp.IntPointer(
          opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 90,
          opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, sampling));
      byte[] out = new byte[(int) buf.limit()];
      buf.get(out);
      return out;
    }
  }

  private static Raster rawYcc(byte[] jpeg) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      ImageReader r = ImageIO.getImageReadersByFormatName("jpeg").next();
      try {
        r.setInput(in);
        return r.readRaster(0, null); // no colour conversion: the decoded YCbCr samples
      } finally {
        r.dispose();
      }
    }
  }

  private static Tensor ints(int[] v) {
    Tensor t = torch.empty(new long[] {v.length}, new TensorOptions(torch.ScalarType.Int), new MemoryFormatOptional());
    new IntPointer(t.data_ptr()).capacity(v.length).put(v);
    return t;
  }

  private static Tensor bytes(byte[] v) {
    Tensor t = torch.empty(new long[] {v.length}, new TensorOptions(torch.ScalarType.Byte), new MemoryFormatOptional());
    new BytePointer(t.data_ptr()).capacity(v.length).put(v);
    return t;
  }
}
