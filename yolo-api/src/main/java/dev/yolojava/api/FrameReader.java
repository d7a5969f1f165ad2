package dev.yolojava.api;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A video source read frame by frame: a file, a camera or a network stream. {@link VideoIo} opens them (the
 * {@code yolo-video} module brings FFmpeg's); implement it yourself to feed frames from a camera SDK into
 * {@link Yolo#stream}. One thread reads a reader; {@link #close()} may come from another thread once reading stopped.
 */
public interface FrameReader extends AutoCloseable {
  /**
   * One decoded frame: a BGR image the receiver closes, its index in the source (from 0, counting every frame read,
   * skipped ones too), and its presentation time in microseconds (0 when the source has none).
   */
  record Frame(Mat bgr, long index, long timestampMicros) {}

  /**
   * The next frame, or null when the source has ended (a file's end, a stream the peer closed).
   *
   * @throws RuntimeException when the source cannot be decoded; the message names the source and the reason
   */
  Frame read();

  /** The source as the user named it (a path, a URL, a camera index). */
  String name();

  /**
   * Whether frames come at the source's own pace (a camera, a network stream), so a slow consumer must drop frames
   * rather than hold the source back; false for files, which wait for the consumer.
   */
  boolean live();

  /** Frames per second the source declares; 0 when unknown. */
  double fps();

  /** The number of frames in a file; -1 when unknown (live sources, containers without an index). */
  long frameCount();

  @Override
  void close();
}
