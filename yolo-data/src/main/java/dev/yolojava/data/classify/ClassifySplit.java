package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.image.ImageHeader;
import dev.yolojava.data.image.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The images of one split of a {@link ClassifyFolders} set, in ImageFolder order; immutable. */
public final class ClassifySplit {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifySplit.class);
  /** Ultralytics' verify_image refuses images under 10 pixels a side. */
  private static final int MIN_SIDE = 10;

  private final String name;
  private final Path dir;
  private final List<String> names;
  private final List<ClassifySample> samples;

  ClassifySplit(String name, Path dir, List<String> names, List<ClassifySample> samples) {
    this.name = name;
    this.dir = dir;
    this.names = List.copyOf(names);
    this.samples = List.copyOf(samples);
  }

  /** "train", "val" or "test". */
  public String name() {
    return name;
  }

  /** The split's folder ({@code root/<name>}). */
  public Path dir() {
    return dir;
  }

  /** The data set's class names, in class-index order. */
  public List<String> names() {
    return names;
  }

  public List<ClassifySample> samples() {
    return samples;
  }

  public int size() {
    return samples.size();
  }

  public ClassifySample sample(int i) {
    return samples.get(i);
  }

  /**
   * The first {@code round(n * fraction)} samples (Python's round, half to even), as Ultralytics shortens a training
   * set; this split itself for a fraction of 1.
   */
  public ClassifySplit withFraction(double fraction) {
    checkArgument(fraction > 0 && fraction <= 1, "fraction is %s, expected a number in (0, 1]", fraction);
    if (fraction == 1) {
      return this;
    }
    int keep = (int) Math.rint(samples.size() * fraction);
    checkArgument(keep > 0, "fraction=%s keeps none of the %s images of %s; expected a larger fraction", fraction,
        samples.size(), dir);
    return new ClassifySplit(name, dir, names, samples.subList(0, keep));
  }

  /**
   * This split without the images that cannot be read, with a warning naming how many were dropped (and the first
   * few), as Ultralytics' verify_images filters its samples. Cheap: a file's header gives its size where it can
   * (PNG, JPEG, BMP, GIF, WebP); other formats, or files whose header says nothing, are decoded.
   */
  public ClassifySplit verified() {
    List<Optional<String>> problems =
        IntStream.range(0, samples.size()).parallel().mapToObj(i -> problem(samples.get(i).file())).toList();
    List<ClassifySample> ok = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      if (problems.get(i).isPresent()) {
        bad.add(problems.get(i).get());
      } else {
        ok.add(samples.get(i));
      }
    }
    if (bad.isEmpty()) {
      return this;
    }
    LOG.warn("WARNING ⚠️ {}: {} of {} images are corrupt and ignored, e.g. {}", dir, bad.size(), samples.size(),
        bad.subList(0, Math.min(3, bad.size())));
    checkArgument(!ok.isEmpty(), "no readable images in %s (%s corrupt), e.g. %s", dir, bad.size(), bad.get(0));
    return new ClassifySplit(name, dir, names, ok);
  }

  /** Why {@code file} is unusable, or empty if it is fine. */
  static Optional<String> problem(Path file) {
    try {
      byte[] bytes = Images.readBytes(file);
      Optional<ImageHeader.Size> h = ImageHeader.read(bytes);
      long w;
      long hh;
      if (h.isPresent()) {
        w = h.get().width();
        hh = h.get().height();
        if (w * hh > Images.MAX_PIXELS) {
          return Optional.of(file + ": declares " + w + "x" + hh + " pixels, over the " + Images.MAX_PIXELS
              + "-pixel limit");
        }
      } else {
        try (Mat m = Images.decode(bytes, file.toString())) {
          w = m.cols();
          hh = m.rows();
        }
      }
      if (w < MIN_SIDE || hh < MIN_SIDE) {
        return Optional.of(file + ": image size " + w + "x" + hh + " <10 pixels");
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "ClassifySplit[" + dir + ", " + samples.size() + " images, " + names.size() + " classes]";
  }
}
