package dev.yolojava.core.hub;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds official Ultralytics checkpoints of the tasks this build predicts with ({@code yolov8n.pt}, {@code yolo11s.pt},
 * {@code yolo26x.pt}, {@code yolo26n-seg.pt}, {@code yolo26n-pose.pt}, ...) on disk or in the weights cache,
 * downloading them from Ultralytics' GitHub release assets when missing.
 *
 * <p>Settings: the cache directory is {@code -Dyolo.cache}, else {@code $YOLO_JAVA_HOME/weights}, else
 * {@code ~/.cache/yolo-java/weights}; the base URL is {@code -Dyolo.weights.url} (default the {@value #RELEASE}
 * release of {@code ultralytics/assets}, the tag Ultralytics 8.4.90 downloads from).
 */
public final class OfficialWeights {
  /** The release tag of {@code ultralytics/assets} that Ultralytics 8.4.90 downloads weights from. */
  public static final String RELEASE = "v8.4.0";
  /** Default base URL; an asset's URL is this plus {@code /<name>}. */
  public static final String DEFAULT_BASE_URL =
      "https://github.com/ultralytics/assets/releases/download/" + RELEASE;

  private static final ImmutableSet<String> NAMES = officialNames();

  private OfficialWeights() {}

  /** Whether {@code name} (a bare file name) is an official asset of a task built here, e.g. {@code yolo26n.pt}. */
  public static boolean isOfficial(String name) {
    return NAMES.contains(name);
  }

  /**
   * All official asset names this library can download: detection, segmentation and pose checkpoints of YOLOv8,
   * YOLO11 and YOLO26 (Ultralytics' {@code -cls} and {@code -obb} ones are left out until those tasks are built).
   */
  public static ImmutableSet<String> names() {
    return NAMES;
  }

  /**
   * The local file for {@code model}: the path itself when it exists, else (for a bare official name) the cached
   * copy, downloading it first when absent. Anything else fails naming the file and why it is not downloaded.
   */
  public static Path resolve(Path model) {
    if (Files.exists(model)) {
      return model;
    }
    String name = model.getFileName().toString();
    boolean bare = model.getParent() == null;
    checkArgument(
        bare && isOfficial(name),
        "model file not found: %s (%s)",
        model,
        bare
            ? "not an official Ultralytics asset, so it is not downloaded; official names are like yolo26n.pt"
            : "a path with a directory is never downloaded; pass the bare name, e.g. " + name);
    Path cached = cacheDir().resolve(name);
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    URI url = URI.create(baseUrl() + "/" + name);
    return new WeightsDownloader().download(url, cached);
  }

  /** The weights cache directory for the current settings (see the class comment). */
  public static Path cacheDir() {
    String prop = System.getProperty("yolo.cache");
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop);
    }
    String home = System.getenv("YOLO_JAVA_HOME");
    if (home != null && !home.isBlank()) {
      return Paths.get(home, "weights");
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "yolo-java", "weights");
  }

  /** The base URL for the current settings, without a trailing slash. */
  public static String baseUrl() {
    String url = System.getProperty("yolo.weights.url", DEFAULT_BASE_URL);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static ImmutableSet<String> officialNames() {
    ImmutableSet.Builder<String> b = ImmutableSet.builder();
    for (String family : new String[] {"yolov8", "yolo11", "yolo26"}) {
      for (char size : "nsmlx".toCharArray()) {
        for (String task : new String[] {"", "-seg", "-pose"}) {
          b.add(family + size + task + ".pt");
        }
      }
    }
    return b.build();
  }
}
