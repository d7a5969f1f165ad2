package dev.yolojava.core.cfg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes flat {@code key: value} YAML ({@code args.yaml}, {@code cfg=} files) as PyYAML's safe dumper writes
 * it: block style, keys in order, floats as Python writes them ({@code 0.0005}, {@code 1.0e-05}).
 */
public final class ArgsYaml {
  private ArgsYaml() {}

  /** The mapping in {@code file}; an empty file is an empty mapping. */
  public static Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read configuration YAML", e);
    }
    return parse(text, file.toString());
  }

  /** The mapping in YAML {@code text}; {@code source} names it in errors. */
  static Map<String, Object> parse(String text, String source) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": invalid YAML: " + e.getMessage(), e);
    }
    if (doc == null) {
      return new LinkedHashMap<>();
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          source + ": expected a mapping of 'key: value', got " + ArgKind.pyType(doc));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (!(k instanceof String key)) {
            throw new IllegalArgumentException(
                source + ": key " + k + " is a " + ArgKind.pyType(k) + ", expected a str");
          }
          out.put(key, v);
        });
    return out;
  }

  /** {@code values} as block-style YAML, in iteration order. */
  static String dump(Map<String, Object> values) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(true);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new PyFloatRepresenter(options), options).dump(values);
  }

  /** Writes doubles as PyYAML does: Python's repr, with {@code .0} added to a mantissa without a point. */
  private static final class PyFloatRepresenter extends Representer {
    PyFloatRepresenter(DumperOptions options) {
      super(options);
      representers.put(Double.class, data -> representScalar(Tag.FLOAT, yamlFloat((Double) data)));
    }

    private static String yamlFloat(double d) {
      if (Double.isNaN(d)) {
        return ".nan";
      } else if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      String repr = PyText.floatRepr(d);
      return repr.contains(".") || !repr.contains("e") ? repr : repr.replace("e", ".0e");
    }
  }
}
