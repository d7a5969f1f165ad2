package dev.yolojava.api;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Video decoding and encoding, found with {@link ServiceLoader}: add the {@code dev.yolojava:yolo-video} module
 * (FFmpeg, through JavaCV) to read video files, cameras and streams and to save annotated videos. yolo-api itself
 * decodes images only, so an app that predicts on images does not carry FFmpeg's natives.
 */
public interface VideoIo {
  /** Video file extensions, as Ultralytics' {@code VID_FORMATS}. */
  Set<String> VIDEO_EXTENSIONS = Set.of("asf", "avi", "gif", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "ts", "wmv",
      "webm");

  /**
   * Opens {@code source}: a video file, a camera index ({@code "0"}), or a stream URL ({@code rtsp://},
   * {@code rtmp://}, {@code tcp://}, or {@code http(s)://} of anything but an image file).
   *
   * @throws RuntimeException naming the source when it cannot be opened
   */
  FrameReader open(String source);

  /** A writer of a {@code width x height} video at {@code fps} frames per second to {@code file}. */
  FrameWriter writer(Path file, int width, int height, double fps);

  /** The file extension (without the dot) of the videos {@link #writer} writes, as Ultralytics' {@code .avi}. */
  String videoExtension();

  /** Whether {@code source} is a URL ({@code scheme://...}). */
  static boolean isUrl(String source) {
    return source.strip().matches("(?i)^[a-z][a-z0-9+.-]*://.*");
  }

  /** A URL, or a camera index (digits that name no file here): a source that is not a local path. */
  static boolean isRemote(String source) {
    String s = source.strip();
    return isUrl(s) || s.matches("\\d+") && !java.nio.file.Files.exists(Path.of(s));
  }

  /** Whether {@code source} names a video or a stream rather than images (by extension, scheme or camera index). */
  static boolean isVideo(String source) {
    String s = source.strip();
    if (s.matches("(?i)^(rtsp|rtmp|rtsps|tcp|udp|srt)://.*") || s.matches("\\d+")) {
      return true;
    }
    String path = s.replaceFirst("[?#].*$", "");
    int dot = path.lastIndexOf('.');
    int slash = path.lastIndexOf('/');
    String ext = dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    // as Ultralytics: an http(s) URL that is no image file is a stream
    return VIDEO_EXTENSIONS.contains(ext) || s.matches("(?i)^https?://.*") && !Sources.IMAGE_EXTENSIONS.contains(ext);
  }

  /**
   * The video I/O on the class path.
   *
   * @throws UnsupportedOperationException when none is, saying which module to add
   */
  static VideoIo find() {
    Iterator<VideoIo> it = ServiceLoader.load(VideoIo.class, VideoIo.class.getClassLoader()).iterator();
    if (!it.hasNext()) {
      throw new UnsupportedOperationException("videos, cameras and streams need the yolo-video module (FFmpeg):"
          + " add the dependency dev.yolojava:yolo-video, or pass images");
    }
    return it.next();
  }
}
