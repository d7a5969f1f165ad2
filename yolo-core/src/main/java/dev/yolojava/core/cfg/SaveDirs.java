package dev.yolojava.core.cfg;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run writes its results, as Ultralytics 8.4.90's {@code get_save_dir}: an explicit {@code save_dir} wins;
 * otherwise {@code project/name}, where a relative (or unset) {@code project} lies under {@code <runs>/<task>} and an
 * unset {@code name} is the mode, so the defaults give {@code runs/detect/train}. An existing directory is not reused
 * unless {@code exist_ok}: the next free {@code name-2}, {@code name-3}, ... is taken (8.4.90's {@code increment_path}
 * separates the number with {@code -}).
 */
public final class SaveDirs {
  /** Ultralytics' default runs root ({@code runs_dir} setting) relative to the working directory. */
  public static final Path DEFAULT_RUNS = Path.of("runs");

  private SaveDirs() {}

  /** The run directory of {@code args} under {@link #DEFAULT_RUNS}, absolute; not created. */
  public static Path resolve(RunSettings args) {
    return resolve(args, DEFAULT_RUNS);
  }

  /** The run directory of {@code args} with relative projects under {@code runsDir}, absolute; not created. */
  public static Path resolve(RunSettings args, Path runsDir) {
    if (args.saveDir().isPresent()) {
      return Path.of(args.saveDir().get()).toAbsolutePath().normalize();
    }
    Path project = Path.of(args.project().orElse(""));
    if (!project.isAbsolute()) {
      project = runsDir.resolve(args.task()).resolve(project);
    }
    String name = args.name().filter(n -> !n.isEmpty()).orElse(args.mode());
    return increment(project.resolve(name), args.existOk()).toAbsolutePath().normalize();
  }

  /** {@code path} itself if free or {@code existOk}, else the first free {@code path-N} for N = 2, 3, ... 9998. */
  public static Path increment(Path path, boolean existOk) {
    if (existOk || !Files.exists(path)) {
      return path;
    }
    String file = path.getFileName().toString();
    boolean isFile = Files.isRegularFile(path);
    int dot = isFile ? file.lastIndexOf('.') : -1;
    String stem = dot > 0 ? file.substring(0, dot) : file;
    String suffix = dot > 0 ? file.substring(dot) : "";
    for (int n = 2; n < 9999; n++) {
      Path candidate = path.resolveSibling(stem + "-" + n + suffix);
      if (!Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(path + ": no free name among " + stem + "-2 .. " + stem + "-9998");
  }
}
