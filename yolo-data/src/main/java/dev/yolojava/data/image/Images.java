package dev.yolojava.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/** Image decoding into BGR uint8 {@link Mat}s (OpenCV's layout, as Ultralytics reads images). */
public final class Images {
  /** Largest accepted decoded image, in pixels; larger declared sizes are refused before decoding. */
  public static final long MAX_PIXELS = 1L << 28;

  private Images() {}

  /** Reads and decodes an image file; a clear exception if it is missing, empty or not an image. */
  public static Mat read(Path path) {
    return decode(readBytes(path), path.toString());
  }

  /** An image file's encoded bytes; a clear exception if it is missing or unreadable. */
  public static byte[] readBytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new UnreadableImageException("image file not found: " + path, e);
    } catch (IOException e) {
      throw new UnreadableImageException("cannot read image " + path + ": " + e.getMessage(), e);
    }
  }

  /** Decodes encoded image bytes (JPEG, PNG, BMP, WebP, TIFF...) to a 3-channel BGR Mat. */
  public static Mat decode(byte[] bytes, String name) {
    readable(bytes.length > 0, "cannot decode image '%s': the data is empty (0 bytes)", name);
    // refuse gigantic declared sizes before the decoder allocates for them
    ImageHeader.read(bytes).ifPresent(h -> readable(
        h.width() > 0 && h.height() > 0 && h.pixels() <= MAX_PIXELS,
        "image '%s' declares %sx%s pixels in its %s header; expected 1 to %s pixels",
        name, h.width(), h.height(), h.format(), MAX_PIXELS));
    Mat decoded;
    try (BytePointer p = new BytePointer(bytes); Mat raw = new Mat(1, bytes.length, opencv_core.CV_8UC1, p)) {
      decoded = opencv_imgcodecs.imdecode(raw, opencv_imgcodecs.IMREAD_COLOR);
    } catch (RuntimeException e) {
      throw new UnreadableImageException("cannot decode image '" + name + "': " + e.getMessage(), e);
    }
    if (decoded == null || decoded.isNull() || decoded.empty()) {
      throw new UnreadableImageException(
          "cannot decode image '" + name + "': not a supported image format or corrupt data (" + bytes.length
              + " bytes)");
    }
    if ((long) decoded.rows() * decoded.cols() > MAX_PIXELS) {
      String message = String.format("image '%s' is %sx%s, larger than the %s-pixel limit", name, decoded.cols(),
          decoded.rows(), MAX_PIXELS);
      decoded.close();
      throw new UnreadableImageException(message);
    }
    return decoded;
  }

  private static void readable(boolean ok, String template, Object... args) {
    if (!ok) {
      throw new UnreadableImageException(String.format(template, args));
    }
  }

  /** Converts a Java image to a BGR Mat (any BufferedImage type; alpha is dropped). */
  public static Mat fromBufferedImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    checkArgument(w > 0 && h > 0, "image is %sx%s, expected positive sizes", w, h);
    byte[] bgr = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        int o = (y * w + x) * 3;
        bgr[o] = (byte) rgb;
        bgr[o + 1] = (byte) (rgb >> 8);
        bgr[o + 2] = (byte) (rgb >> 16);
      }
    }
    Mat m = new Mat(h, w, opencv_core.CV_8UC3);
    m.data().put(bgr);
    return m;
  }

  /** Converts a BGR Mat to a Java RGB image (for drawing and display). */
  public static BufferedImage toBufferedImage(Mat bgr) {
    checkArgument(bgr.channels() == 3 && bgr.depth() == opencv_core.CV_8U,
        "expected a 3-channel uint8 image, got %s channels of depth %s", bgr.channels(), bgr.depth());
    int w = bgr.cols();
    int h = bgr.rows();
    Mat cont = bgr.isContinuous() ? bgr : bgr.clone();
    byte[] data = new byte[w * h * 3];
    cont.data().get(data);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        row[x] = ((data[o + 2] & 0xff) << 16) | ((data[o + 1] & 0xff) << 8) | (data[o] & 0xff);
      }
      out.setRGB(0, y, w, 1, row, 0, w);
    }
    if (cont != bgr) {
      cont.close();
    }
    return out;
  }
}
