package dev.yolojava.data;

import dev.yolojava.data.image.Images;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a split's images and labels (in parallel), or reads the result from the {@link LabelCache} when no file
 * changed. Corrupt images are dropped and bad label lines skipped, each with a warning; nothing is fatal unless no
 * image at all survives.
 */
public final class DatasetScanner {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetScanner.class);
  /** Ultralytics refuses images smaller than this on either side. */
  static final int MIN_SIDE = 10;

  private DatasetScanner() {}

  /** Scans (or loads from cache) the given images; {@code prefix} starts every log line, e.g. "train: ". */
  public static LabelCache.Content scan(List<Path> images, int nc, boolean singleCls, int threads, String prefix) {
    return scan(images, nc, singleCls, null, threads, prefix);
  }

  /**
   * As {@link #scan(List, int, boolean, int, String)}; with {@code kpt} (a pose data set's keypoints, or null) the
   * label files are read as keypoint labels of that shape.
   */
  public static LabelCache.Content scan(List<Path> images, int nc, boolean singleCls, KeypointSpec kpt, int threads,
      String prefix) {
    List<Path> labels = images.stream().map(ImageFiles::labelFor).toList();
    Path cacheFile = LabelCache.pathFor(labels.get(0));
    String key = LabelCache.key(images, labels, nc, singleCls, kpt);
    var cached = LabelCache.read(cacheFile, key);
    if (cached.isPresent()) {
      ScanReport r = cached.get().report();
      LOG.info("{}Scanning {}... {} (from cache)", prefix, cacheFile, r.summary());
      r.messages().forEach(m -> LOG.warn("{}{}", prefix, m));
      return cached.get();
    }
    LabelCache.Content content = scanFiles(images, labels, nc, singleCls, kpt, threads);
    ScanReport r = content.report();
    LOG.info("{}Scanning {}... {}", prefix, labels.get(0).getParent(), r.summary());
    r.messages().forEach(m -> LOG.warn("{}{}", prefix, m));
    if (r.found() == 0) {
      LOG.warn("{}no labels found in {}: training needs labels", prefix, labels.get(0).getParent());
    }
    if (!content.labels().isEmpty()) {
      LabelCache.write(cacheFile, key, content);
    }
    return content;
  }

  private record One(ImageLabels labels, int found, int missing, int empty, int corrupt, int bad, int dups,
      List<String> msgs) {}

  static LabelCache.Content scanFiles(List<Path> images, List<Path> labels, int nc, boolean singleCls,
      int threads) {
    return scanFiles(images, labels, nc, singleCls, null, threads);
  }

  static LabelCache.Content scanFiles(List<Path> images, List<Path> labels, int nc, boolean singleCls,
      KeypointSpec kpt, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "yolo-scan");
      t.setDaemon(true);
      return t;
    });
    List<One> results = new ArrayList<>(images.size());
    try {
      List<Future<One>> futures = new ArrayList<>(images.size());
      for (int i = 0; i < images.size(); i++) {
        Path img = images.get(i);
        Path lab = labels.get(i);
        futures.add(pool.submit(() -> verify(img, lab, nc, singleCls, kpt)));
      }
      for (Future<One> f : futures) {
        results.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("dataset scan interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("dataset scan failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<ImageLabels> kept = new ArrayList<>();
    List<String> msgs = new ArrayList<>();
    int[] c = new int[6];
    for (One o : results) {
      if (o.labels() != null) {
        kept.add(o.labels());
      }
      c[0] += o.found();
      c[1] += o.missing();
      c[2] += o.empty();
      c[3] += o.corrupt();
      c[4] += o.bad();
      c[5] += o.dups();
      msgs.addAll(o.msgs());
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("no valid images among " + images.size() + " in "
          + images.get(0).getParent() + ":\n  " + String.join("\n  ", msgs.subList(0, Math.min(20, msgs.size()))));
    }
    return new LabelCache.Content(kept, new ScanReport(c[0], c[1], c[2], c[3], c[4], c[5], msgs, false));
  }

  private static One verify(Path img, Path lab, int nc, boolean singleCls, KeypointSpec kpt) {
    int h;
    int w;
    try {
      int[] hw = checkImage(img);
      h = hw[0];
      w = hw[1];
    } catch (RuntimeException | IOException e) {
      return new One(null, 0, 0, 0, 1, 0, 0, List.of(img + ": ignoring corrupt image: " + e.getMessage()));
    }
    float[][] none = kpt == null ? null : new float[0][];
    if (!Files.isRegularFile(lab)) {
      return new One(new ImageLabels(img, h, w, new float[0], new float[0], null, none), 0, 1, 0, 0, 0, 0, List.of());
    }
    String text;
    try {
      text = Files.readString(lab, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return new One(new ImageLabels(img, h, w, new float[0], new float[0], null, none), 1, 0, 1, 0, 0, 0,
          List.of(lab + ": unreadable label file, image kept as background: " + e.getMessage()));
    }
    LabelParser.Parsed p = LabelParser.parse(text, lab.toString(), nc, singleCls, kpt);
    boolean empty = text.isBlank();
    return new One(new ImageLabels(img, h, w, p.cls(), p.boxes(), p.segments(), p.keypoints()), 1, 0, empty ? 1 : 0,
        0, p.badLines(), p.duplicates(), p.issues());
  }

  /** Decodes the image fully (a header check misses truncated data) and returns its {@code {h, w}}. */
  static int[] checkImage(Path img) throws IOException {
    byte[] bytes = Files.readAllBytes(img);
    String name = img.getFileName().toString().toLowerCase(Locale.ROOT);
    if ((name.endsWith(".jpg") || name.endsWith(".jpeg")) && !hasJpegEnd(bytes)) {
      throw new IllegalArgumentException("truncated JPEG (no end-of-image marker, " + bytes.length + " bytes)");
    }
    try (Mat m = Images.decode(bytes, img.toString())) {
      if (m.rows() < MIN_SIDE || m.cols() < MIN_SIDE) {
        throw new IllegalArgumentException("image size " + m.cols() + "x" + m.rows() + " is below "
            + MIN_SIDE + " pixels");
      }
      return new int[] {m.rows(), m.cols()};
    }
  }

  private static boolean hasJpegEnd(byte[] b) {
    int n = b.length;
    // tolerate trailing padding some writers append after the EOI marker
    while (n > 2 && (b[n - 1] == 0 || b[n - 1] == '\n' || b[n - 1] == '\r')) {
      n--;
    }
    return n >= 2 && (b[n - 2] & 0xff) == 0xff && (b[n - 1] & 0xff) == 0xd9;
  }
}
