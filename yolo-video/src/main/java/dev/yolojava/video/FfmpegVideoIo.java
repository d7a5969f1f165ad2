package dev.yolojava.video;

import dev.yolojava.api.FrameReader;
import dev.yolojava.api.FrameWriter;
import dev.yolojava.api.VideoIo;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * {@link VideoIo} through FFmpeg (JavaCV's grabber and recorder): every container and codec of the FFmpeg build,
 * cameras through video4linux2 (Linux), AVFoundation (macOS) or DirectShow (Windows), and network streams. Found by
 * {@link java.util.ServiceLoader} when this module is on the class path.
 */
public final class FfmpegVideoIo implements VideoIo {
  static {
    // FFmpeg prints to stderr by default; its errors reach users through the readers' exceptions instead
    avutil.av_log_set_level(avutil.AV_LOG_QUIET);
  }

  @Override
  public FrameReader open(String source) {
    return FfmpegFrameReader.open(source);
  }

  @Override
  public FrameWriter writer(Path file, int width, int height, double fps) {
    return new FfmpegFrameWriter(file, width, height, fps);
  }

  @Override
  public String videoExtension() {
    return "avi";
  }
}
