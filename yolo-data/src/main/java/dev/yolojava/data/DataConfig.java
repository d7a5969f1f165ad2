package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.yolojava.data.synth.SyntheticDataset;
import dev.yolojava.data.synth.SyntheticSpec;
import dev.yolojava.runtime.JavaCppDefaults;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A dataset description in Ultralytics' {@code data.yaml} format: {@code path} (root), {@code train}/{@code val}/
 * {@code test} (each a directory, an image-list {@code .txt} file, or a list of those), {@code names} (list or
 * index map) and {@code nc}; a pose data set's {@code kpt_shape} and {@code flip_idx} as {@link #keypoints()} (null
 * when the yaml has no kpt_shape).
 *
 * <p>Relative {@code path} is resolved against the yaml's folder (Ultralytics uses its datasets dir), split entries
 * against {@code path}.
 */
public record DataConfig(
    Path yamlFile, Path root, List<Path> train, List<Path> val, List<Path> test, List<String> names,
    KeypointSpec keypoints) {

  public DataConfig {
    train = ImmutableList.copyOf(train);
    val = ImmutableList.copyOf(val);
    test = ImmutableList.copyOf(test);
    names = ImmutableList.copyOf(names);
  }

  /** A data set without keypoints. */
  public DataConfig(Path yamlFile, Path root, List<Path> train, List<Path> val, List<Path> test, List<String> names) {
    this(yamlFile, root, train, val, test, names, null);
  }

  /** Number of classes. */
  public int nc() {
    return names.size();
  }

  /** The sources of one split; {@code "val"} falls back to nothing when absent. */
  public List<Path> split(Split split) {
    return switch (split) {
      case TRAIN -> train;
      case VAL -> val;
      case TEST -> test;
    };
  }

  /**
   * Resolves what users pass as {@code data=}: a {@code data.yaml} path, a directory holding one {@code .yaml}, or
   * {@code synthetic[:key=value,...]} (see {@link SyntheticSpec#parse}) which generates (once, cached) a synthetic
   * set and loads its yaml.
   */
  public static DataConfig resolve(String data) {
    JavaCppDefaults.apply(); // data=synthetic writes images with OpenCV
    checkArgument(data != null && !data.isBlank(), "data is empty: expected a data.yaml path or 'synthetic'");
    if (SyntheticSpec.isSynthetic(data)) {
      return load(SyntheticDataset.cached(SyntheticSpec.parse(data)));
    }
    Path p = Path.of(data);
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        List<Path> yamls = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
            .sorted().toList();
        checkArgument(yamls.size() == 1, "data dir %s holds %s yaml files %s, expected exactly 1",
            p, yamls.size(), yamls);
        p = yamls.get(0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + p, e);
      }
    }
    return load(p);
  }

  /** Reads and validates a data.yaml file. */
  public static DataConfig load(Path yaml) {
    checkArgument(Files.isRegularFile(yaml), "data.yaml not found: %s", yaml);
    Map<String, Object> map;
    try (Reader r = Files.newBufferedReader(yaml)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      checkArgument(doc instanceof Map, "%s: expected a mapping at the top level, got %s", yaml.getFileName(),
          doc == null ? "an empty file" : doc.getClass().getSimpleName());
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) doc;
      map = m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + yaml, e);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // syntax errors, python/* tags (refused by SafeConstructor), alias bombs, excessive nesting
      throw new IllegalArgumentException(yaml.getFileName() + ": not a valid data YAML: " + e.getMessage(), e);
    }
    return fromMap(map, yaml.toAbsolutePath());
  }

  /** Builds a config from an already parsed yaml mapping; {@code yamlFile} anchors relative paths. */
  public static DataConfig fromMap(Map<String, Object> map, Path yamlFile) {
    String f = yamlFile.getFileName().toString();
    checkArgument(map.containsKey("train"), "%s: 'train' key missing: 'train' and 'val' are required", f);
    Object valEntry = map.containsKey("val") ? map.get("val") : map.get("validation");
    checkArgument(valEntry != null || map.containsKey("val") || map.containsKey("validation"),
        "%s: 'val' key missing: 'train' and 'val' are required", f);
    List<String> names = parseNames(map, f);
    Path dir = yamlFile.getParent();
    Object pathEntry = map.get("path");
    Path root = pathEntry == null || pathEntry.toString().isBlank() ? dir : dir.resolve(pathEntry.toString());
    root = root.normalize();
    return new DataConfig(yamlFile, root, sources(map.get("train"), root), sources(valEntry, root),
        sources(map.get("test"), root), names, KeypointSpec.parse(map.get("kpt_shape"), map.get("flip_idx"), f));
  }

  /** More classes than any detection data set has; guards against absurd {@code nc} values. */
  static final int MAX_CLASSES = 1 << 16;

  private static List<String> parseNames(Map<String, Object> map, String f) {
    Object names = map.get("names");
    Object ncEntry = map.get("nc");
    Integer nc = null;
    if (ncEntry != null) {
      double d;
      try {
        d = Double.parseDouble(ncEntry.toString());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(f + ": 'nc' is '" + ncEntry + "', expected an integer", e);
      }
      checkArgument(d == Math.rint(d) && d >= 0, "%s: 'nc' is %s, expected a non-negative integer", f, ncEntry);
      // found by fuzzing: a huge nc without names would build billions of default names
      checkArgument(d <= MAX_CLASSES, "%s: 'nc' is %s, expected at most %s classes", f, ncEntry, MAX_CLASSES);
      nc = (int) d;
    }
    checkArgument(names != null || nc != null, "%s: either 'names' or 'nc' is required", f);
    List<String> out = new ArrayList<>();
    if (names == null) {
      for (int i = 0; i < nc; i++) {
        out.add("class_" + i);
      }
      return out;
    }
    if (names instanceof List<?> list) {
      list.forEach(n -> out.add(String.valueOf(n)));
    } else if (names instanceof Map<?, ?> m) {
      TreeMap<Integer, String> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        int k;
        try { // found by fuzzing: `names: {&a : x}` has a null key
          k = Integer.parseInt(String.valueOf(e.getKey()).trim());
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(f + ": 'names' key '" + e.getKey() + "' is not a class index", ex);
        }
        String previous = sorted.put(k, String.valueOf(e.getValue()));
        checkArgument(previous == null, "%s: 'names' has index %s twice ('%s' and '%s')", f, k, previous,
            e.getValue());
      }
      checkArgument(sorted.isEmpty() || (sorted.firstKey() == 0 && sorted.lastKey() == sorted.size() - 1),
          "%s: %s-class 'names' needs indices 0-%s, got %s-%s", f, sorted.size(), sorted.size() - 1,
          sorted.isEmpty() ? "" : sorted.firstKey(), sorted.isEmpty() ? "" : sorted.lastKey());
      out.addAll(sorted.values());
    } else {
      throw new IllegalArgumentException(f + ": 'names' is a " + names.getClass().getSimpleName()
          + ", expected a list or an index->name map");
    }
    checkArgument(nc == null || nc == out.size(), "%s: 'nc' is %s but 'names' has %s entries", f, nc, out.size());
    return out;
  }

  private static List<Path> sources(Object entry, Path root) {
    if (entry == null) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    if (entry instanceof List<?> list) {
      for (Object x : list) { // found by fuzzing: `train: [~]` has a null entry
        checkArgument(x != null && !x.toString().isBlank(), "%s: a split list has an empty entry %s, expected paths",
            root, list);
        out.add(root.resolve(x.toString()).normalize());
      }
    } else if (!entry.toString().isBlank()) {
      out.add(root.resolve(entry.toString()).normalize());
    }
    return out;
  }
}
