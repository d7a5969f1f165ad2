package dev.yolojava.core.cfg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable, checked Ultralytics configuration: every key of 8.4.90's {@code default.yaml} (see
 * {@link ArgCatalog}), with typed getters from the settings interfaces, generic {@link #get}, {@link #asMap()} in
 * {@code default.yaml} order and {@link #toYaml()} for {@code args.yaml}. Build it from defaults plus overrides given
 * as a map, as CLI tokens ({@code epochs=10 imgsz=640 device=0,1}) or as a YAML file; every override goes through
 * Ultralytics' checks (unknown keys with suggestions, deprecated keys forwarded, {@code check_cfg} types and ranges).
 */
public final class YoloArgs
    implements TrainSettings, ValSettings, HyperParameters, AugmentSettings, PredictSettings, ExportSettings {
  private static final Logger LOG = LoggerFactory.getLogger(YoloArgs.class);
  private static final YoloArgs DEFAULTS = new YoloArgs(defaultValues());

  private final Map<String, Object> values;

  private YoloArgs(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Ultralytics 8.4.90's defaults. */
  public static YoloArgs defaults() {
    return DEFAULTS;
  }

  /** The defaults with {@code overrides} (keys as Ultralytics spells them) applied. */
  public static YoloArgs of(Map<String, ?> overrides) {
    return DEFAULTS.merge(overrides);
  }

  /** The defaults with CLI-style overrides, e.g. {@code "train epochs=10 imgsz=640 device=0,1 classes=[0,2]"}. */
  public static YoloArgs parse(String commandLine) {
    return DEFAULTS.withCommandLine(commandLine);
  }

  /** The defaults with CLI-style overrides given as separate tokens (a {@code main}'s {@code args}). */
  public static YoloArgs parse(List<String> tokens) {
    return DEFAULTS.merge(ArgTokens.parse(tokens));
  }

  /**
   * The defaults with {@code overrides} whose text values are read as the CLI reads {@code key=value} (through
   * {@link SmartValue}: {@code "true"}, {@code "16"}, {@code "[480, 640]"}) before the usual checks; other values are
   * checked as given. For APIs that take loosely typed maps, so they read values exactly as the CLI does.
   */
  public static YoloArgs parse(Map<String, ?> overrides) {
    Map<String, Object> read = new LinkedHashMap<>();
    overrides.forEach((k, v) -> read.put(k, v instanceof String s ? SmartValue.parse(s) : v));
    return DEFAULTS.merge(read);
  }

  /** The defaults with the overrides of a YAML file such as an Ultralytics {@code args.yaml}. */
  public static YoloArgs load(Path yaml) {
    return DEFAULTS.withYaml(yaml);
  }

  /** A copy with CLI-style overrides ({@code "epochs=10 imgsz=640"}) applied on top of this configuration. */
  public YoloArgs withCommandLine(String commandLine) {
    return merge(ArgTokens.parse(ArgTokens.split(commandLine)));
  }

  /** A copy with the overrides of a YAML file applied on top of this configuration; errors name the file. */
  public YoloArgs withYaml(Path yaml) {
    Map<String, Object> overrides = ArgsYaml.read(yaml);
    try {
      return merge(overrides);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(yaml + ": " + e.getMessage(), e);
    }
  }

  /** A copy with {@code overrides} applied on top of this configuration. */
  public YoloArgs merge(Map<String, ?> overrides) {
    Map<String, Object> custom = new LinkedHashMap<>(overrides);
    ArgAlignment.forwardDeprecated(custom);
    ArgAlignment.requireKnown(custom.keySet());
    Map<String, Object> merged = new LinkedHashMap<>(values);
    custom.forEach((k, v) -> merged.put(k, checked(k, v)));
    if ("model".equals(merged.get("name"))) {
      String name = PyText.str(merged.get("model")).split("\\.", 2)[0];
      LOG.warn("'name=model' automatically updated to 'name={}'.", name);
      merged.put("name", name);
    }
    if (merged.containsKey(ArgCatalog.SAVE_DIR) && merged.get(ArgCatalog.SAVE_DIR) == null) {
      merged.remove(ArgCatalog.SAVE_DIR);
    }
    return new YoloArgs(ordered(merged));
  }

  /** A copy with one key set. */
  public YoloArgs with(String key, Object value) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put(key, value);
    return merge(one);
  }

  @Override
  public Object get(String key) {
    if (!values.containsKey(key) && !key.equals(ArgCatalog.SAVE_DIR)) {
      ArgAlignment.requireKnown(List.of(key));
    }
    return values.get(key);
  }

  /** All keys and values, in {@code default.yaml} order ({@code save_dir} last when set); unmodifiable. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The keys whose values differ from the defaults, in order. */
  public Map<String, Object> changes() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (!DEFAULTS.values.containsKey(k) || !Objects.equals(DEFAULTS.values.get(k), v)) {
            out.put(k, v);
          }
        });
    return Collections.unmodifiableMap(out);
  }

  /** This configuration as {@code args.yaml} text (block YAML, keys in order), readable back by {@link #load}. */
  public String toYaml() {
    return ArgsYaml.dump(values);
  }

  /** Writes {@link #toYaml()} to {@code file}, creating its directory. */
  public void save(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write configuration YAML", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YoloArgs other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** The changed keys only, e.g. {@code YoloArgs{data=coco8.yaml, epochs=10}}. */
  @Override
  public String toString() {
    return changes().entrySet().stream()
        .map(e -> e.getKey() + "=" + PyText.str(e.getValue()))
        .collect(Collectors.joining(", ", "YoloArgs{", "}"));
  }

  private static Object checked(String key, Object value) {
    ArgSpec spec =
        ArgCatalog.spec(key).orElseGet(() -> new ArgSpec(key, "", ArgKind.STR, null, "run directory"));
    if (value == null) {
      if (spec.defaultValue() != null) {
        throw new IllegalArgumentException(
            String.format("'%s=None' is invalid. '%s' must not be None.", key, key));
      }
      return null;
    }
    return spec.kind().check(key, value);
  }

  private static Map<String, Object> defaultValues() {
    Map<String, Object> out = new LinkedHashMap<>();
    ArgCatalog.specs().forEach((k, spec) -> out.put(k, checked(k, spec.defaultValue())));
    return out;
  }

  /** Catalog order, with {@code save_dir} last. */
  private static Map<String, Object> ordered(Map<String, Object> merged) {
    Map<String, Object> out = new LinkedHashMap<>();
    ArgCatalog.specs().keySet().forEach(k -> out.put(k, merged.get(k)));
    if (merged.containsKey(ArgCatalog.SAVE_DIR)) {
      out.put(ArgCatalog.SAVE_DIR, merged.get(ArgCatalog.SAVE_DIR));
    }
    return out;
  }
}
