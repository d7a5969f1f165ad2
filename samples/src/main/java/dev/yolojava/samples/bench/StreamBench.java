package dev.yolojava.samples.bench;

import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.StreamResults;
import dev.yolojava.api.StreamStats;
import dev.yolojava.api.Yolo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Many video streams on one device: {@code StreamBench MODEL DEVICE STREAMS SECONDS BATCH HALF [IMAGES_DIR]}.
 * Writes STREAMS H.264 videos of 640x480 at 30 fps, SECONDS long (the synthetic images of IMAGES_DIR drifting
 * across the frame, or drawn shapes), once, under {@code /tmp/yolo-stream-bench}; predicts on all of them at once
 * with {@code Yolo.stream} (a warm-up pass over the first 2 seconds of each first), and prints one JSON line: the
 * aggregate frames per second, every frame accounted for, and each stream's fps and latency.
 */
public final class StreamBench {
  private StreamBench() {}

  public static void main(String[] args) throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    String model = args[0];
    String device = args[1];
    int streams = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int batch = Integer.parseInt(args[4]);
    boolean half = Boolean.parseBoolean(args[5]);
    Path images = args.length > 6 ? Paths.get(args[6]) : null;
    Path dir = Files.createDirectories(Paths.get("/tmp/yolo-stream-bench"));
    List<String> videos = new ArrayList<>();
    List<String> warm = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(streams, Runtime.getRuntime().availableProcessors()));
    List<Future<?>> jobs = new ArrayList<>();
    List<Path> frames = images == null ? List.of() : Files.list(images).filter(p -> p.toString().endsWith(".jpg"))
        .sorted().limit(64).toList();
    long t0 = System.nanoTime();
    for (int i = 0; i < streams; i++) {
      Path v = dir.resolve("s" + i + "-" + seconds + "s.mp4");
      Path w = dir.resolve("s" + i + "-2s.mp4");
      videos.add(v.toString());
      warm.add(w.toString());
      int seed = i;
      jobs.add(pool.submit(() -> {
        write(v, seconds * 30, seed, frames);
        write(w, 60, seed, frames);
        return null;
      }));
    }
    for (Future<?> j : jobs) {
      j.get();
    }
    pool.shutdown();
    double encodeS = (System.nanoTime() - t0) / 1e9;
    String commit = System.getProperty("yolo.commit", System.getenv().getOrDefault("YOLO_COMMIT", "unknown"));
    try (Yolo yolo = Yolo.load(model)) {
      PredictConfig cfg = PredictConfig.builder().device(device).batch(batch).half(half).build();
      try (StreamResults r = yolo.stream(warm, cfg)) {
        r.forEachRemaining(d -> { });
      }
      long n = 0;
      long boxes = 0;
      long start = System.nanoTime();
      List<StreamStats> stats;
      try (StreamResults r = yolo.stream(videos, cfg)) {
        while (r.hasNext()) {
          boxes += r.next().size();
          n++;
        }
        stats = r.stats();
      }
      double s = (System.nanoTime() - start) / 1e9;
      long expected = (long) streams * seconds * 30;
      StringBuilder per = new StringBuilder();
      for (StreamStats st : stats) {
        per.append(per.length() == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"stream\":%d,\"frames\":%d,\"dropped\":%d,\"fps\":%.1f,\"latency_p50_ms\":%.1f,\"latency_p99_ms\":%.1f"
                + ",\"error\":%s}", st.stream(), st.predicted(), st.dropped(), st.fps(), st.latencyP50Ms(),
            st.latencyP99Ms(), st.error() == null ? "null" : "\"" + st.error().replace("\"", "'") + "\""));
      }
      System.out.printf(Locale.ROOT, "{\"bench\":\"streams\",\"model\":\"%s\",\"device\":\"%s\",\"streams\":%d,"
          + "\"seconds\":%d,\"size\":\"640x480\",\"codec\":\"h264\",\"batch\":%d,\"half\":%s,\"frames\":%d,"
          + "\"expected_frames\":%d,\"boxes\":%d,\"wall_s\":%.2f,\"fps\":%.1f,\"encode_s\":%.1f,\"cores\":%d,"
          + "\"commit\":\"%s\",\"per_stream\":[%s]}%n", Paths.get(model).getFileName(), device, streams, seconds, batch,
          half, n, expected, boxes, s, n / s, encodeS, Runtime.getRuntime().availableProcessors(), commit, per);
    }
  }

  /** An H.264 video of {@code count} frames: the images (or drawn shapes) shifting a pixel a frame. */
  private static void write(Path file, int count, int seed, List<Path> images) throws Exception {
    if (Files.isRegularFile(file)) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".part.mp4");
    List<BufferedImage> srcs = new ArrayList<>();
    for (int k = 0; k < Math.min(8, images.size()); k++) {
      // OpenCV, not ImageIO: the GPU machine's runtime has no libjpeg for ImageIO's JPEG reader
      try (org.bytedeco.opencv.opencv_core.Mat m = dev.yolojava.data.image.Images.read(
          images.get((seed * 8 + k) % images.size()))) {
        srcs.add(dev.yolojava.data.image.Images.toBufferedImage(m));
      }
    }
    try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), 640, 480, 0);
        Java2DFrameConverter conv = new Java2DFrameConverter()) {
      rec.setFormat("mp4");
      rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
      rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
      rec.setFrameRate(30);
      rec.setVideoBitrate(2_000_000);
      rec.start();
      BufferedImage frame = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
      for (int i = 0; i < count; i++) {
        Graphics2D g = frame.createGraphics();
        if (srcs.isEmpty()) {
          g.setColor(Color.DARK_GRAY);
          g.fillRect(0, 0, 640, 480);
          g.setColor(Color.ORANGE);
          g.fillOval(50 + (i + seed * 13) % 400, 100, 120, 120);
          g.setColor(Color.CYAN);
          g.fillRect(300, 50 + (i * 2 + seed * 7) % 300, 160, 90);
        } else {
          g.drawImage(srcs.get((i / 30) % srcs.size()), -(i % 30), -(i % 30) / 2, 672, 496, null);
        }
        g.dispose();
        rec.record(conv.convert(frame));
      }
      rec.stop();
    }
    Files.move(tmp, file);
  }
}
