package dev.yolojava.api;

import java.nio.file.Path;
import java.util.List;

/** What a {@code source=} string names, expanded as {@link Yolo#predict} expands it. */
public final class ImageSources {
  private ImageSources() {}

  /**
   * The image files of {@code source}: a file, a directory (its images, sorted), a glob ({@code images/*.jpg}) or a
   * {@code .txt} file listing one source per line.
   *
   * @throws IllegalArgumentException when nothing there is an image
   */
  public static List<Path> files(String source) {
    return Sources.files(source);
  }

  /**
   * As {@link #files}, as the names predict gives them, which keeps URLs and camera indices of a {@code .txt} list
   * as written (a {@link Path} would fold {@code rtsp://host} into {@code rtsp:/host}).
   */
  public static List<String> names(String source) {
    return Sources.resolve(source).stream().map(Sources.Item::name).toList();
  }
}
