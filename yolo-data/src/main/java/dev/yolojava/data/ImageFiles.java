package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Finding a split's image files and their label files, as Ultralytics does. */
public final class ImageFiles {
  /** Image file extensions Ultralytics accepts (lower case, no dot). */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of("avif", "bmp", "dng", "heic", "heif", "jp2", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp");

  private ImageFiles() {}

  /**
   * Lists the images of the given sources, sorted by path: a directory contributes every image below it
   * (recursively); a {@code .txt} file lists one image per line, relative lines resolved against the list's folder.
   */
  public static List<Path> list(List<Path> sources) {
    checkArgument(!sources.isEmpty(), "no image sources given");
    List<Path> out = new ArrayList<>();
    for (Path src : sources) {
      if (Files.isDirectory(src)) {
        try (Stream<Path> s = Files.walk(src)) {
          s.filter(Files::isRegularFile).filter(ImageFiles::isImage).forEach(p -> out.add(p.toAbsolutePath()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list images under " + src, e);
        }
      } else if (Files.isRegularFile(src)) {
        List<String> lines;
        try {
          lines = Files.readAllLines(src);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read image list " + src, e);
        }
        Path parent = src.toAbsolutePath().getParent();
        for (String line : lines) {
          String t = line.strip();
          if (!t.isEmpty()) {
            Path p = parent.resolve(t).normalize();
            if (isImage(p)) {
              out.add(p);
            }
          }
        }
      } else {
        throw new IllegalArgumentException("image source " + src + " does not exist (expected a dir or a .txt list)");
      }
    }
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    checkArgument(!out.isEmpty(), "no images found in %s; supported extensions: %s", sources, IMAGE_EXTENSIONS);
    return out;
  }

  /** Whether the file name ends with an image extension. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot >= 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * The label file of an image: the last {@code /images/} folder of the path becomes {@code /labels/} and the
   * extension {@code .txt} ({@code a/images/train/x.jpg -> a/labels/train/x.txt}).
   */
  public static Path labelFor(Path image) {
    String s = image.toString();
    String sep = image.getFileSystem().getSeparator();
    String from = sep + "images" + sep;
    int i = s.lastIndexOf(from);
    if (i >= 0) {
      s = s.substring(0, i) + sep + "labels" + sep + s.substring(i + from.length());
    }
    int dot = s.lastIndexOf('.');
    int slash = s.lastIndexOf(sep);
    if (dot > slash) {
      s = s.substring(0, dot);
    }
    return Path.of(s + ".txt");
  }
}
