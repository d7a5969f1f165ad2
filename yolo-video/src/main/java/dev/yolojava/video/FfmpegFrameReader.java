package dev.yolojava.video;

import dev.yolojava.api.FrameReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frames of a video file, a camera or a network stream, decoded by FFmpeg into BGR Mats. */
final class FfmpegFrameReader implements FrameReader {
  /** Network reads give up after this long without data, so a dead stream ends instead of hanging. */
  private static final String NETWORK_TIMEOUT_MICROS = "10000000";

  private final String name;
  private final FFmpegFrameGrabber grabber;
  private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
  private final boolean live;
  private long index;

  private FfmpegFrameReader(String name, FFmpegFrameGrabber grabber, boolean live) {
    this.name = name;
    this.grabber = grabber;
    this.live = live;
  }

  static FfmpegFrameReader open(String source) {
    String s = source.strip();
    boolean camera = s.matches("\\d+");
    boolean network = dev.yolojava.api.VideoIo.isUrl(s);
    if (!camera && !network && !Files.isRegularFile(Path.of(s))) {
      throw new IllegalArgumentException("video not found: " + s);
    }
    FFmpegFrameGrabber g = camera ? camera(Integer.parseInt(s)) : new FFmpegFrameGrabber(s);
    if (network) {
      String scheme = s.substring(0, s.indexOf(':')).toLowerCase(Locale.ROOT);
      if (scheme.startsWith("rtsp")) {
        g.setOption("rtsp_transport", "tcp"); // as OpenCV's FFmpeg backend: no lost UDP packets, no grey frames
      }
      g.setOption("rw_timeout", NETWORK_TIMEOUT_MICROS); // any protocol's reads
      if (scheme.startsWith("rtsp") || scheme.startsWith("http")) {
        // the socket's timeout there; for rtmp the same option name means "listen as a server", so not there
        g.setOption("timeout", NETWORK_TIMEOUT_MICROS);
      }
    }
    g.setImageMode(FrameGrabber.ImageMode.COLOR); // BGR24
    try {
      g.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      closeQuietly(g);
      throw new IllegalArgumentException("cannot open video '" + s + "': " + reason(e), e);
    }
    if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
      closeQuietly(g);
      throw new IllegalArgumentException("cannot open video '" + s + "': it has no video stream");
    }
    // an http(s) URL of a video file has a length and is read as a file (no frames dropped), as Ultralytics
    boolean live = camera || network && !(s.matches("(?i)^https?://.*") && g.getLengthInTime() > 0);
    return new FfmpegFrameReader(s, g, live);
  }

  private static FFmpegFrameGrabber camera(int index) {
    registerDevices(index);
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    FFmpegFrameGrabber g;
    if (os.contains("mac")) {
      g = new FFmpegFrameGrabber(Integer.toString(index));
      g.setFormat("avfoundation");
    } else if (os.contains("win")) {
      // DirectShow opens cameras by name, not by index
      throw new IllegalArgumentException("camera " + index + ": on Windows, cameras are not opened by index in this"
          + " build; pass a stream URL or a video file");
    } else {
      g = new FFmpegFrameGrabber("/dev/video" + index);
      g.setFormat("video4linux2");
    }
    return g;
  }

  /**
   * FFmpeg's camera inputs live in its avdevice library, loaded only for cameras: its Linux build links PulseAudio's
   * client library, which a server may not have.
   */
  private static synchronized void registerDevices(int index) {
    try {
      org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String why = String.valueOf(root.getMessage()).replaceFirst("^.*\\.so: ", "");
      throw new IllegalArgumentException("camera " + index + ": FFmpeg's camera support (avdevice) cannot load on"
          + " this machine (" + why + "); on Debian or Ubuntu, apt install libpulse0", e);
    }
  }

  @Override
  public Frame read() {
    org.bytedeco.javacv.Frame f;
    try {
      f = grabber.grabImage();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      throw new IllegalStateException("cannot decode frame " + index + " of '" + name + "': " + reason(e), e);
    }
    if (f == null || f.image == null) {
      return null;
    }
    Mat view = converter.convert(f); // shares the grabber's buffer, which the next grab overwrites
    Mat bgr = view.clone();
    long ts = grabber.getTimestamp();
    return new Frame(bgr, index++, Math.max(0, ts));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean live() {
    return live;
  }

  @Override
  public double fps() {
    double fps = grabber.getVideoFrameRate();
    return Double.isFinite(fps) && fps > 0 ? fps : 0;
  }

  @Override
  public long frameCount() {
    if (live) {
      return -1;
    }
    int n = grabber.getLengthInVideoFrames();
    return n > 0 ? n : -1;
  }

  @Override
  public void close() {
    closeQuietly(grabber);
    converter.close();
  }

  private static void closeQuietly(FFmpegFrameGrabber g) {
    try {
      g.close();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      // nothing more to release
    }
  }

  /**
   * JavaCV's message without its hints for developers ("Has setFormat() been called?"), with FFmpeg's own words for
   * the error code: {@code avformat_open_input() error -5: Could not open input "x"} becomes {@code Could not open
   * input "x": I/O error (FFmpeg error -5)}.
   */
  static String reason(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    m = m.replace("(Has setFormat() been called?)", "")
        .replaceAll("\\(For more details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.\\)", "")
        .strip();
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("^\\w+\\(\\) error (-?\\d+): (.*)$").matcher(m);
    if (!code.matches()) {
      return m;
    }
    int err = Integer.parseInt(code.group(1));
    String what = code.group(2).replaceAll("\\.$", "");
    try (org.bytedeco.javacpp.BytePointer buf = new org.bytedeco.javacpp.BytePointer(256)) {
      buf.fill(0);
      org.bytedeco.ffmpeg.global.avutil.av_strerror(err, buf, 256);
      String words = buf.getString();
      words = words.substring(0, words.indexOf('\0') < 0 ? words.length() : words.indexOf('\0')).strip();
      return what + ": " + (words.isEmpty() ? "error" : words) + " (FFmpeg error " + err + ")";
    }
  }
}
