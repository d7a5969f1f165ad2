package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classification data set in Ultralytics' layout: {@code root/train/<class>/...} and {@code root/val/<class>/...}
 * (or {@code test/} when there is no {@code val/}). Class names are the sorted folder names of {@code train/}, a
 * class's index its position, as torchvision's ImageFolder numbers them.
 */
public final class ClassifyFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyFolders.class);

  /** torchvision's IMG_EXTENSIONS (matched case-insensitively), which ImageFolder keeps. */
  public static final Set<String> IMAGE_EXTENSIONS =
      Set.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

  private static final List<String> SPLITS = List.of("train", "val", "test");

  private final Path root;
  private final List<String> names;

  private ClassifyFolders(Path root, List<String> names) {
    this.root = root;
    this.names = names;
  }

  /** Opens the set under {@code root}: checks the folders and reads the class names (images are listed by split). */
  public static ClassifyFolders open(Path root) {
    checkArgument(Files.isDirectory(root), "classification data set folder %s does not exist; expected a folder with"
        + " train/ and val/ (or test/) holding one folder of images per class", root);
    Path train = root.resolve("train");
    checkArgument(Files.isDirectory(train), "classification data set %s has no train/ folder; expected train/ and"
        + " val/ (or test/) holding one folder of images per class", root);
    List<String> names = classFolders(train);
    checkArgument(!names.isEmpty(), "%s holds no class folders; expected one folder of images per class", train);
    ClassifyFolders f = new ClassifyFolders(root, List.copyOf(names));
    for (String s : List.of("val", "test")) {
      if (Files.isDirectory(root.resolve(s))) {
        f.indexOf(s); // a val/ with a class train/ lacks fails here, before any training starts
      }
    }
    return f;
  }

  public Path root() {
    return root;
  }

  /** Class names in class-index order (the sorted folder names of {@code train/}). */
  public List<String> names() {
    return names;
  }

  /** Whether {@code root/<name>} exists. */
  public boolean hasSplit(String name) {
    return Files.isDirectory(root.resolve(name));
  }

  /** The split validation uses: {@code val} if present, else {@code test} (with a warning), as Ultralytics picks. */
  public String valSplitName() {
    if (hasSplit("val")) {
      return "val";
    }
    checkArgument(hasSplit("test"), "classification data set %s has neither val/ nor test/; expected one of them"
        + " (holding one folder of images per class) to validate on", root);
    LOG.warn("WARNING ⚠️ Dataset 'split=val' not found at {}, using 'split=test' instead.", root.resolve("val"));
    return "test";
  }

  /**
   * The images of split {@code name} ("train", "val" or "test") in ImageFolder order: classes in sorted order, within
   * a class the folders of its tree in sorted path order and each folder's files sorted by name. Labels are indices
   * into {@link #names()}, also for a val/ that lacks some classes.
   */
  public ClassifySplit split(String name) {
    checkArgument(SPLITS.contains(name), "split is '%s', expected one of %s", name, SPLITS);
    Path dir = root.resolve(name);
    checkArgument(Files.isDirectory(dir), "classification data set %s has no %s/ folder", root, name);
    Map<String, Integer> index = indexOf(name);
    List<ClassifySample> samples = new ArrayList<>();
    for (String c : classFolders(dir)) {
      int k = index.get(c);
      for (Path f : imagesUnder(dir.resolve(c))) {
        samples.add(new ClassifySample(f, k));
      }
    }
    checkArgument(!samples.isEmpty(), "no images found in %s; expected image files (%s) in one folder per class", dir,
        String.join(" ", IMAGE_EXTENSIONS.stream().sorted().toList()));
    return new ClassifySplit(name, dir, names, samples);
  }

  /** Class name to index for split {@code name}, refusing class folders that train/ lacks. */
  private Map<String, Integer> indexOf(String name) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      index.put(names.get(i), i);
    }
    for (String c : classFolders(root.resolve(name))) {
      checkArgument(index.containsKey(c), "%s/ has class folder '%s' that train/ lacks; expected only the classes of"
          + " train/ (%s) in %s", name, c, names, root.resolve(name));
    }
    return index;
  }

  /** Sorted names of the folders in {@code dir} (links followed, hidden folders included, as ImageFolder lists). */
  static List<String> classFolders(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * The images below {@code classDir} as torchvision's make_dataset walks it: {@code sorted(os.walk(dir))} orders
   * the folders by their path strings, then each folder's files by name.
   */
  static List<Path> imagesUnder(Path classDir) {
    List<Path> dirs;
    try (Stream<Path> s = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
      dirs = s.filter(Files::isDirectory).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + classDir, e);
    }
    List<Path> out = new ArrayList<>();
    for (Path d : dirs) {
      try (Stream<Path> s = Files.list(d)) {
        s.filter(p -> !Files.isDirectory(p)).filter(ClassifyFolders::isImage)
            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).forEach(out::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + d, e);
      }
    }
    return out;
  }

  /** Whether the file name ends in one of {@link #IMAGE_EXTENSIONS}, ignoring case. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot >= 0 && IMAGE_EXTENSIONS.contains(n.substring(dot));
  }

  @Override
  public String toString() {
    return "ClassifyFolders[" + root + ", " + names.size() + " classes]";
  }
}
