package dev.yolojava.data;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An image as the pipeline receives it: BGR, long side resized to imgsz, with the original size. A {@code shared}
 * image belongs to the RAM cache: read it, never modify it; {@link #close()} leaves it alone.
 */
public record LoadedImage(Mat image, int origH, int origW, boolean shared) implements AutoCloseable {
  public int height() {
    return image.rows();
  }

  public int width() {
    return image.cols();
  }

  @Override
  public void close() {
    if (!shared) {
      image.close();
    }
  }
}
