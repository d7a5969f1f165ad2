package dev.yolojava.cli;

import dev.yolojava.api.Dataset;
import dev.yolojava.api.Detection;
import dev.yolojava.api.Detections;
import dev.yolojava.api.ImageSources;
import dev.yolojava.api.PredictConfig;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
    List<Path> images = images(source);
    PredictConfig cfg = config(args);
    Path saveDir = args.save() ? SaveDirs.resolve(args) : null;
    if (saveDir != null) {
      Files.createDirectories(saveDir);
    }
    try (Yolo yolo = Models.open(args);
        ProgressBar bar = ProgressBar.create("predict", images.size())) {
      for (int i = 0; i < images.size(); i++) {
        Path img = images.get(i);
        long t0 = System.nanoTime();
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
        double ms = (System.nanoTime() - t0) / 1e6;
        out.printf(Locale.ROOT, "image %d/%d %s: %dx%d %s, %.1fms%n", i + 1, images.size(), img.toAbsolutePath(),
            d.height(), d.width(), summary(d), ms);
        if (saveDir != null) {
          save(img, d, saveDir);
        }
        bar.step();
      }
    }
    if (saveDir != null) {
      out.println("Results saved to " + saveDir);
    }
    return 0;
  }

  private static PredictConfig config(YoloArgs a) {
    int[] imgsz = a.imgsz();
    PredictConfig.Builder b = PredictConfig.builder().conf(a.conf().orElse(0.25)).iou(a.iou())
        .imgsz(imgsz[0], imgsz.length > 1 ? imgsz[1] : imgsz[0]).maxDet(a.maxDet()).half(a.half())
        .agnosticNms(a.agnosticNms()).batch(1);
    if (a.classes() != null && !a.classes().isEmpty()) {
      b.classes(a.classes().toArray(Integer[]::new));
    }
    a.device().ifPresent(b::device);
    return b.build();
  }

  /** The image files of a file or directory source (sorted by name), as Ultralytics' loader lists them. */
  /**
   * Ultralytics predicts on its bundled sample images when {@code source} is missing; this build's bundled images
   * are the synthetic data set's validation images (generated once, cached).
   */
  private static String defaultSource() {
    String val = Dataset.of(DEFAULT_SOURCE).val().get(0).toString();
    LOG.warn("'source' is missing. Using 'source={}' (the built-in synthetic validation images)", val);
    return val;
  }

  /** The images of {@code source} (file, directory, glob or .txt list), as the API expands it. */
  static List<Path> images(String source) {
    if (!source.contains("*") && !source.contains("?") && !Files.exists(Path.of(source))) {
      throw new UsageException("source '" + source + "' does not exist: expected an image file, a directory, a glob"
          + " such as 'images/*.jpg' or a .txt list of images");
    }
    try {
      return ImageSources.files(source);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Ultralytics' summary, e.g. {@code 4 persons, 1 bus} or {@code (no detections)}. */
  static String summary(Detections d) {
    if (d.size() == 0) {
      return "(no detections)";
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (Detection x : d.boxes()) {
      counts.merge(x.className(), 1, Integer::sum);
    }
    return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey() + (e.getValue() > 1 ? "s" : ""))
        .collect(Collectors.joining(", "));
  }

  private static void save(Path img, Detections d, Path saveDir) {
    try {
      BufferedImage rgb = d.plot();
      String ext = extension(img).equals("png") ? "png" : "jpg";
      String base = img.getFileName().toString().replaceFirst("\\.[^.]+$", "");
      ImageIO.write(rgb, ext, saveDir.resolve(base + "." + ext).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(img + ": cannot save the drawn prediction", e);
    }
  }

  private static String extension(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
