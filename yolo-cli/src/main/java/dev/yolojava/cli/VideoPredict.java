package dev.yolojava.cli;

import dev.yolojava.api.Detections;
import dev.yolojava.api.FrameWriter;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.StreamResults;
import dev.yolojava.api.StreamStats;
import dev.yolojava.api.VideoFrame;
import dev.yolojava.api.VideoIo;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.YoloArgs;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * {@code yolo predict} on videos and streams: one line per frame as Ultralytics prints it ({@code video 1/2 (frame
 * 3/300) path: ...} for files, {@code 0: ...} for streams), and with {@code save=True} an annotated {@code .avi}
 * per source, {@code save_txt} label files per frame, {@code save_frames} a JPEG per frame.
 */
final class VideoPredict {
  private final YoloArgs args;
  private final PrintStream out;
  private final Path saveDir;
  private final SpeedTotals speeds;

  VideoPredict(YoloArgs args, PrintStream out, Path saveDir, SpeedTotals speeds) {
    this.args = args;
    this.out = out;
    this.saveDir = saveDir;
    this.speeds = speeds;
  }

  /**
   * Predicts on {@code sources} together: a video file of a list ({@code file} is its 1-based place among
   * {@code files}), or streams ({@code file} 0).
   */
  void run(Yolo yolo, List<String> sources, PredictConfig base, int file, int files) {
    boolean keep = args.save() || args.saveCrop() || args.saveFrames();
    PredictConfig cfg = base.toBuilder().keepFrames(keep).vidStride(args.vidStride())
        .streamBuffer(args.streamBuffer()).batch(Math.max(base.batch(), sources.size())).build();
    Map<Integer, FrameWriter> writers = new HashMap<>();
    Map<Integer, Long> counts = new HashMap<>();
    try (StreamResults results = yolo.stream(sources, cfg)) {
      try {
        while (results.hasNext()) {
          Detections d = results.next();
          VideoFrame f = d.frame().orElseThrow();
          long n = counts.merge(f.stream(), 1L, Long::sum);
          double ms = speeds.add(d);
          int[] shape = d.inferenceShape();
          String where = file > 0
              ? String.format(Locale.ROOT, "video %d/%d (frame %d/%s) %s: ", file, files, n,
                  f.frames() < 0 ? "?" : Long.toString(f.frames()), displayName(f.source()))
              : f.stream() + ": ";
          out.printf(Locale.ROOT, "%s%dx%d %s, %.1fms%n", where, shape[0], shape[1], d.summary(), ms);
          if (saveDir != null) {
            save(d, f, n, writers);
          }
        }
      } finally {
        for (FrameWriter w : writers.values()) {
          w.close();
        }
      }
      for (StreamStats s : results.stats()) {
        if (s.error() != null) {
          out.printf(Locale.ROOT, "WARNING %s: %s%n", s.source(), s.error());
        }
      }
    }
  }

  private void save(Detections d, VideoFrame f, long n, Map<Integer, FrameWriter> writers) {
    String stem = stem(f);
    try {
      if (args.saveTxt() && d.size() > 0) { // Ultralytics: labels/<stem>_<frame>.txt
        Path labels = Files.createDirectories(saveDir.resolve("labels"));
        Files.write(labels.resolve(stem + "_" + n + ".txt"), d.txtLines(args.saveConf()));
      }
      if (!(args.save() || args.saveCrop() || args.saveFrames())) {
        return;
      }
      BufferedImage frame = d.image();
      if (args.saveCrop()) {
        List<BufferedImage> crops = d.crops(frame);
        for (int k = 0; k < crops.size(); k++) {
          Path dir = Files.createDirectories(saveDir.resolve("crops").resolve(d.boxes().get(k).className()));
          ImageIO.write(crops.get(k), "jpg", dir.resolve(stem + "_" + n + (k == 0 ? "" : "_" + k) + ".jpg")
              .toFile());
        }
      }
      BufferedImage drawn = d.draw(frame, args.showLabels(), args.showConf(), args.lineWidth().orElse(0));
      if (args.saveFrames()) { // Ultralytics: <stem>_frames/<stem>_<frame>.jpg
        Path dir = Files.createDirectories(saveDir.resolve(stem + "_frames"));
        ImageIO.write(drawn, "jpg", dir.resolve(stem + "_" + (n - 1) + ".jpg").toFile());
      }
      if (args.save()) {
        writers.computeIfAbsent(f.stream(), s -> VideoIo.find().writer(
            saveDir.resolve(stem + "." + VideoIo.find().videoExtension()), drawn.getWidth(), drawn.getHeight(),
            f.fps() > 0 ? f.fps() : 30)).write(drawn);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(f.source() + ": cannot save the prediction's files", e);
    }
  }

  /** A file's absolute path, as Ultralytics prints it; a URL or camera as given. */
  private static String displayName(String source) {
    return VideoIo.isRemote(source) ? source : Path.of(source).toAbsolutePath().toString();
  }

  /** The file name stem of a source: a video's, or the stream's index for cameras and URLs. */
  private static String stem(VideoFrame f) {
    String s = f.source();
    if (VideoIo.isRemote(s)) {
      return "stream" + f.stream();
    }
    String name = Path.of(s).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
