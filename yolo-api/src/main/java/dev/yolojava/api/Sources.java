package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns what users pass to {@code predict} into named, lazily decoded images and video sources: a path (file,
 * directory, glob, a {@code .txt} file listing sources, or a {@code .streams} file listing streams), a URL, a camera
 * index,
 * a {@link Path}, a {@link BufferedImage}, an OpenCV {@link Mat} (BGR), encoded bytes, or an {@link Iterable} of
 * these.
 */
final class Sources {
  /** Image file extensions Ultralytics accepts. */
  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("bmp", "dng", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp", "pfm");

  /**
   * One image to predict on: a name for results, and how to decode it (a fresh BGR Mat the caller closes); or, with
   * {@code videos} set, video sources predicted on together (one video file, or a {@code .streams} list's streams).
   */
  record Item(String name, Supplier<Mat> decoder, List<String> videos) {
    Item(String name, Supplier<Mat> decoder) {
      this(name, decoder, null);
    }

    static Item video(String source) {
      return new Item(source, null, List.of(source));
    }

    boolean isVideo() {
      return videos != null;
    }
  }

  private Sources() {}

  static List<Item> resolve(Object source) {
    checkArgument(source != null, "source is null: expected an image path, directory, glob, image or bytes");
    List<Item> out = new ArrayList<>();
    add(source, out);
    checkArgument(!out.isEmpty(), "source '%s' holds no images or videos (accepted extensions: %s and %s)", source,
        IMAGE_EXTENSIONS, VideoIo.VIDEO_EXTENSIONS);
    return out;
  }

  private static void add(Object s, List<Item> out) {
    if (s instanceof String str) {
      addPathString(str, out);
    } else if (s instanceof Path p) {
      addPath(p, out);
    } else if (s instanceof java.io.File f) {
      addPath(f.toPath(), out);
    } else if (s instanceof BufferedImage img) {
      String name = "image" + out.size();
      out.add(new Item(name, () -> Images.fromBufferedImage(img)));
    } else if (s instanceof Mat m) {
      String name = "image" + out.size();
      out.add(new Item(name, m::clone));
    } else if (s instanceof byte[] bytes) {
      String name = "image" + out.size();
      out.add(new Item(name, () -> Images.decode(bytes, name)));
    } else if (s instanceof Iterable<?> it) {
      for (Object o : it) {
        add(o, out);
      }
    } else if (s instanceof Object[] arr) {
      for (Object o : arr) {
        add(o, out);
      }
    } else {
      throw new IllegalArgumentException("unsupported source type " + s.getClass().getName()
          + ": expected a path, directory, glob, BufferedImage, Mat, byte[] or a list of these");
    }
  }

  private static void addPathString(String str, List<Item> out) {
    Path downloaded = imageUrl(str);
    if (downloaded != null) {
      addPath(downloaded, out);
      return;
    }
    if (VideoIo.isRemote(str)) {
      // a camera index or a stream URL; an existing file named with digits stays a file
      checkArgument(VideoIo.isVideo(str), "source=%s: not an image, video or stream URL (accepted: http(s) images"
          + " and videos, rtsp, rtmp, tcp, udp and srt streams)", str);
      checkStreamSource(str);
      out.add(Item.video(str));
      return;
    }
    if (str.contains("*") || str.contains("?") || str.contains("[")) {
      addGlob(str, out);
    } else if (str.toLowerCase(Locale.ROOT).endsWith(".streams") && Files.isRegularFile(Paths.get(str))) {
      out.add(streams(Paths.get(str)));
    } else if (str.toLowerCase(Locale.ROOT).endsWith(".txt") && Files.isRegularFile(Paths.get(str))) {
      addList(Paths.get(str), out);
    } else {
      addPath(Paths.get(str), out);
    }
  }

  /**
   * An {@code http(s)} URL of an image file ({@code https://ultralytics.com/images/bus.jpg}): as Ultralytics'
   * {@code check_file}, the file named by the URL's last path segment (query dropped) in the working directory,
   * downloaded there when absent and reused when present. Null for anything else (streams and video URLs stay
   * unsupported).
   */
  private static Path imageUrl(String str) {
    if (!str.matches("(?i)^https?://.*")) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(str);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source=" + str + ": not a valid URL (" + e.getMessage() + ")", e);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty() || !isImage(Paths.get(name))) {
      return null;
    }
    Path file = Paths.get(name).toAbsolutePath();
    if (Files.isRegularFile(file)) {
      org.slf4j.LoggerFactory.getLogger(Sources.class).info("Found {} locally at {}", str, file);
      return file;
    }
    return new dev.yolojava.core.hub.WeightsDownloader().download(uri, file);
  }

  /** A {@code .txt} file listing one source per line, relative ones from the file's folder (as Ultralytics). */
  private static void addList(Path txt, List<Item> out) {
    Path parent = txt.toAbsolutePath().getParent();
    try {
      for (String line : Files.readAllLines(txt)) {
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        if (VideoIo.isUrl(s) || s.matches("\\d+")) {
          addPathString(s, out); // URLs and camera indices as they are
        } else {
          Path p = Paths.get(s);
          addPathString((p.isAbsolute() ? p : parent.resolve(p)).toString(), out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the source list " + txt, e);
    }
  }

  /** Refuses what FFmpeg cannot open although it looks like a stream: YouTube pages. */
  static void checkStreamSource(String source) {
    checkArgument(!source.matches("(?i)^https?://([a-z0-9-]+\\.)?(youtube\\.com|youtu\\.be)(/.*)?$"),
        "source=%s: a YouTube page is not a video stream, and yolo-java has no YouTube extractor (Ultralytics uses"
            + " yt-dlp for these): pass the video's direct URL, or download it and pass the file", source);
  }

  /**
   * A {@code .streams} file (Ultralytics' multi-stream list): one stream URL, camera index or video per line, all
   * predicted on together.
   */
  private static Item streams(Path file) {
    List<String> list = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          list.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stream list " + file, e);
    }
    checkArgument(!list.isEmpty(), "%s lists no streams: expected one URL, camera index or video per line", file);
    return new Item(file.toString(), null, List.copyOf(list));
  }

  /**
   * The files {@code source} names (a file, directory, glob or {@code .txt} list), in predict's order: images, and
   * videos; streams and cameras by name.
   */
  static List<Path> files(String source) {
    return resolve(source).stream().map(i -> Paths.get(i.name())).toList();
  }

  private static void addPath(Path p, List<Item> out) {
    if (Files.isDirectory(p)) {
      try (Stream<Path> files = Files.list(p)) {
        files.filter(f -> isImage(f) || isVideoFile(f)).sorted().forEach(f -> out.add(fileItem(f)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list directory " + p, e);
      }
    } else {
      checkArgument(Files.exists(p), "source not found: %s (expected an image or video file, a directory, a glob"
          + " such as 'images/*.jpg', a .txt list, a .streams list, a camera index or a stream URL)", p);
      out.add(fileItem(p));
    }
  }

  private static void addGlob(String pattern, List<Item> out) {
    Path pat = Paths.get(pattern);
    Path root = pat.isAbsolute() ? pat.getRoot() : Paths.get("");
    // Walk from the deepest directory without wildcards.
    for (Path part : pat) {
      String s = part.toString();
      if (s.contains("*") || s.contains("?") || s.contains("[")) {
        break;
      }
      root = root.resolve(part);
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile)
          .filter(m::matches)
          .filter(f -> isImage(f) || isVideoFile(f))
          .sorted()
          .forEach(f -> out.add(fileItem(f)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot expand glob " + pattern, e);
    }
  }

  private static boolean isImage(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot >= 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean isVideoFile(Path f) {
    String n = f.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot >= 0 && VideoIo.VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static Item fileItem(Path f) {
    return isVideoFile(f) ? Item.video(f.toString()) : new Item(f.toString(), () -> Images.read(f));
  }
}
