package dev.yolojava.video;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.api.FrameWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * An annotated video as Ultralytics writes it on Linux: Motion JPEG in an AVI container ({@code .avi}, fourcc
 * {@code MJPG}), at the source's frame rate.
 */
final class FfmpegFrameWriter implements FrameWriter {
  private final Path file;
  private final int width;
  private final int height;
  private final FFmpegFrameRecorder recorder;
  private final Java2DFrameConverter converter = new Java2DFrameConverter();

  FfmpegFrameWriter(Path file, int width, int height, double fps) {
    checkArgument(width > 0 && height > 0, "video size is %sx%s, expected positive sizes", width, height);
    this.file = file;
    this.width = width;
    this.height = height;
    recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
    recorder.setFormat("avi");
    recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
    recorder.setFrameRate(fps > 0 ? fps : 30);
    recorder.setVideoQuality(2); // MJPEG qscale: high quality, as OpenCV's writer
    try {
      recorder.start();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot write video " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(BufferedImage frame) {
    checkArgument(frame.getWidth() == width && frame.getHeight() == height,
        "frame is %sx%s but the video %s is %sx%s", frame.getWidth(), frame.getHeight(), file, width, height);
    try {
      recorder.record(converter.convert(frame));
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot write a frame to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      recorder.close();
    } catch (FrameRecorder.Exception e) {
      throw new IllegalStateException("cannot finish video " + file + ": " + e.getMessage(), e);
    } finally {
      converter.close();
    }
  }
}
