package dev.yolojava.video;

import dev.yolojava.api.Dataset;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Short videos written with FFmpeg for the tests: the synthetic data set's shapes, drifting across the frame. */
public final class TestVideos {
  private TestVideos() {}

  static {
    org.bytedeco.ffmpeg.global.avutil.av_log_set_level(avutil.AV_LOG_ERROR); // no format dump on stderr
  }

  /** The synthetic validation images (made once, cached), {@code size} pixels each. */
  public static List<Path> images(String size) throws IOException {
    Path folder = Dataset.of("synthetic:train=1,val=8,seed=3,size=" + size).val().get(0);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  /**
   * An MPEG-4 video of {@code frames} frames at 10 fps: image {@code first}, {@code first + 1}... of the synthetic
   * set, each shifted a few pixels more than the one before.
   */
  public static Path mp4(Path file, int frames, int first) throws IOException {
    List<Path> imgs = images("320x240");
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), 320, 240, 0);
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(10);
      rec.setVideoQuality(2);
      rec.start();
      for (int i = 0; i < frames; i++) {
        BufferedImage src = ImageIO.read(imgs.get((first + i) % imgs.size()).toFile());
        BufferedImage frame = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.drawImage(src, 2 * i, i, null);
        g.dispose();
        rec.record(conv.convert(frame));
      }
      rec.stop();
    }
    return file;
  }
}
