package dev.yolojava.cli;

import dev.yolojava.api.Dataset;
import dev.yolojava.api.Detections;
import dev.yolojava.api.ImageSources;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.VideoIo;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.ArgSupport;
import dev.yolojava.core.cfg.SaveDirs;
import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.runtime.ProgressBar;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code yolo predict}: one line per image as Ultralytics prints it, and with {@code save=true} each image drawn with
 * its boxes under {@code runs/detect/predict[N]}.
 */
final class PredictMode implements Mode {
  /** A few synthetic images, quick to make on first use (the full synthetic set is 4,500 images). */
  private static final String DEFAULT_SOURCE = "synthetic:train=1,val=8,seed=0,size=640x480";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PredictMode.class);

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) throws IOException {
    ArgSupport.check(args, "predict");
    String source = args.source().orElseGet(PredictMode::defaultSource);
    boolean streams = isStreams(source);
    List<String> images = streams ? List.of() : images(source);
    PredictConfig cfg = config(args);
    Path saveDir = null;
    try (Yolo yolo = Models.open(args);
        ProgressBar bar = ProgressBar.terminalOnly("predict", images.size())) { // logs keep Ultralytics' lines only
      // drawn images (save), label files (save_txt) and crops (save_crop) share the run folder, as in Ultralytics,
      // under the model's task (runs/pose/predict for a pose model, whatever task the command named)
      if (args.save() || args.saveTxt() || args.saveCrop() || args.saveFrames()) {
        saveDir = SaveDirs.resolve(args.with("task", yolo.task()));
      }
      if (saveDir != null) {
        Files.createDirectories(saveDir); // once the model loaded: a failed run leaves no empty folder behind
      }
      SpeedTotals speeds = new SpeedTotals();
      VideoPredict videos = new VideoPredict(args, out, saveDir, speeds);
      if (streams) {
        // a video file's URL reads as a file (video 1/1 ...), cameras and streams as streams (0: ...)
        boolean file = VideoIo.VIDEO_EXTENSIONS.contains(extension(Path.of(source.replaceFirst("[?#].*$", "")
            .replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:/+", ""))));
        videos.run(yolo, streamList(source), cfg, file ? 1 : 0, 1);
      }
      for (int i = 0; i < images.size(); i++) {
        String name = images.get(i);
        if (VideoIo.isVideo(name)) {
          videos.run(yolo, List.of(name), cfg, i + 1, images.size());
          bar.step();
          continue;
        }
        Path img = Path.of(name);
        Detections d;
        try {
          d = yolo.predict(img.toString(), cfg).get(0);
        } catch (dev.yolojava.data.image.UnreadableImageException e) {
          if (images.size() == 1) {
            throw e;
          }
          // as Ultralytics' loader: one unreadable file of a folder is skipped (the predictor logged the warning)
          bar.step();
          continue;
        }
        // Ultralytics' line: the shape the model saw, the classes in id order, the inference time
        double ms = speeds.add(d);
        int[] shape = d.inferenceShape();
        out.printf(Locale.ROOT, "image %d/%d %s: %dx%d %s, %.1fms%n", i + 1, images.size(), img.toAbsolutePath(),
            shape[0], shape[1], d.summary(), ms);
        if (saveDir != null) {
          save(img, d, saveDir, args);
        }
        bar.step();
      }
      speeds.print(out);
    }
    if (saveDir != null) {
      out.println("Results saved to " + saveDir);
    }
    return 0;
  }

  /** A {@code .streams} list, a camera index or a stream or video URL: read through the video path directly. */
  private static boolean isStreams(String source) {
    return VideoIo.isRemote(source) ? VideoIo.isVideo(source)  // an http(s) image URL goes the image way (downloaded)
        : source.toLowerCase(Locale.ROOT).endsWith(".streams") && Files.isRegularFile(Path.of(source));
  }

  /** The streams of a {@code .streams} file (one per line), or the one stream named. */
  private static List<String> streamList(String source) throws IOException {
    if (!source.toLowerCase(Locale.ROOT).endsWith(".streams")) {
      return List.of(source);
    }
    List<String> list = Files.readAllLines(Path.of(source)).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    if (list.isEmpty()) {
      throw new UsageException(source + " lists no streams: expected one URL, camera index or video per line");
    }
    return list;
  }

  private static PredictConfig config(YoloArgs a) {
    int[] imgsz = a.imgsz();
    PredictConfig.Builder b = PredictConfig.builder().conf(a.conf().orElse(0.25)).iou(a.iou())
        .maxDet(a.maxDet()).half(a.half())
        .agnosticNms(a.agnosticNms()).retinaMasks(Boolean.TRUE.equals(a.get("retina_masks")))
        // Ultralytics predicts batch=1 unless told: images go one by one here, video frames in batches of this
        .batch(a.changes().containsKey("batch") && a.batch().intValue() > 0 ? a.batch().intValue() : 1);
    if (a.changes().containsKey("imgsz")) { // else the default, 640 (a classifier: the size it was trained at)
      b.imgsz(imgsz[0], imgsz.length > 1 ? imgsz[1] : imgsz[0]);
    }
    if (a.classes() != null && !a.classes().isEmpty()) {
      b.classes(a.classes().toArray(Integer[]::new));
    }
    a.device().ifPresent(b::device);
    a.end2end().ifPresent(b::end2end);
    return b.build();
  }

  /**
   * Ultralytics predicts on its bundled sample images when {@code source} is missing; this build's bundled images
   * are the synthetic data set's validation images (generated once, cached).
   */
  private static String defaultSource() {
    String val = Dataset.of(DEFAULT_SOURCE).val().get(0).toString();
    LOG.warn("'source' is missing. Using 'source={}' (the built-in synthetic validation images)", val);
    return val;
  }

  /** The images and videos of {@code source} (file, directory, glob or .txt list), as the API expands it. */
  static List<String> images(String source) {
    try {
      return ImageSources.names(source);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage()); // one line, exit 2
    }
  }

  private static void save(Path img, Detections d, Path saveDir, YoloArgs args) {
    String base = img.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    try {
      // as Ultralytics: no file for an image without detections (a classifier's top five always have one)
      if (args.saveTxt() && (d.size() > 0 || d.probs().isPresent())) {
        Path labels = Files.createDirectories(saveDir.resolve("labels"));
        Files.write(labels.resolve(base + ".txt"), d.txtLines(args.saveConf()));
      }
      // the source is decoded once for crops and drawing; crops are written first, as drawing changes the pixels
      BufferedImage source = args.save() || args.saveCrop() ? d.image() : null;
      if (args.saveCrop()) {
        List<BufferedImage> crops = d.crops(source);
        for (int k = 0; k < crops.size(); k++) {
          Path dir = Files.createDirectories(saveDir.resolve("crops").resolve(d.boxes().get(k).className()));
          Path file = dir.resolve(base + ".jpg");
          for (int n = 2; Files.exists(file); n++) {
            file = dir.resolve(base + n + ".jpg"); // Ultralytics' increment_path: im.jpg, im2.jpg, ...
          }
          ImageIO.write(crops.get(k), "jpg", file.toFile());
        }
      }
      if (args.save()) {
        BufferedImage rgb = d.draw(source, args.showLabels(), args.showConf(), args.lineWidth().orElse(0));
        String ext = extension(img).equals("png") ? "png" : "jpg";
        ImageIO.write(rgb, ext, saveDir.resolve(base + "." + ext).toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(img + ": cannot save the prediction's files", e);
    }
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
