package dev.yolojava.core.io;

import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code yaml} dict a saved {@code DetectionModel} carries: the model YAML as Ultralytics loaded it, plus the
 * {@code scale}, {@code yaml_file} and {@code channels} keys it adds and {@code nc} replaced by the trained class
 * count. Python rebuilds the architecture from it (resume, {@code YOLO("last.pt").train()}), so a YAML is accepted
 * only if it describes exactly the model being saved.
 */
final class ModelYaml {
  private static final String RESOURCES = "/dev/yolojava/core/models/";

  private ModelYaml() {}

  /**
   * {@code given} completed and checked against the model, or, when null, the built-in family YAML the model's name
   * points to ({@code yolov8n} reads {@code yolov8.yaml}).
   */
  static Map<String, Object> of(DetectionModel model, Map<String, Object> given) {
    return of(model.config(), given);
  }

  /** As {@link #of(DetectionModel, Map)} for any model built from {@code cfg} (a classifier's too). */
  static Map<String, Object> of(ModelConfig cfg, Map<String, Object> given) {
    Map<String, Object> yaml;
    if (given != null) {
      yaml = new LinkedHashMap<>(given);
    } else if (cfg.kptShape() != null || !ModelConfig.BUILT_INS.contains(family(cfg.name()))) {
      // a task variant (-pose, -seg) or a model built from a YAML map: the map it was built from, as Ultralytics
      // keeps model.yaml (a pose model's kpt_shape is the data set's it trained on)
      yaml = new LinkedHashMap<>(cfg.yaml());
      yaml.putIfAbsent("yaml_file", cfg.name() + ".yaml");
    } else {
      yaml = builtIn(cfg.name());
      yaml.put("scale", cfg.scale());
      yaml.put("yaml_file", cfg.name() + ".yaml");
    }
    if (yaml.containsKey("nc")) {
      yaml.put("nc", cfg.nc()); // in place, keeping the key first as Ultralytics does
    }
    yaml.putIfAbsent("scale", cfg.scale());
    yaml.putIfAbsent("channels", cfg.channels());
    checkDescribes(yaml, cfg);
    return yaml;
  }

  /** The family YAML a model name points to: {@code yolov8n} is {@code yolov8.yaml}. */
  private static String family(String name) {
    return name.replaceFirst("(\\d+)([nslmx])(.+)?$", "$1$3") + ".yaml";
  }

  private static Map<String, Object> builtIn(String name) {
    String family = family(name);
    if (!ModelConfig.BUILT_INS.contains(family)) {
      throw new IllegalArgumentException("cannot reconstruct the model YAML of '" + name + "': it is not one of "
          + ModelConfig.BUILT_INS + "; pass the YAML map with CheckpointMeta.Builder.yaml");
    }
    try (InputStream in = ModelYaml.class.getResourceAsStream(RESOURCES + family)) {
      if (in == null) {
        throw new IllegalStateException("built-in model YAML " + family + " is missing from the classpath");
      }
      return new LinkedHashMap<>(ModelConfig.parseYaml(in, family));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in model YAML " + family, e);
    }
  }

  private static void checkDescribes(Map<String, Object> yaml, ModelConfig model) {
    ModelConfig cfg = ModelConfig.fromMap(yaml, 0);
    String what = "model YAML (yaml_file " + yaml.get("yaml_file") + ")";
    require(cfg.layers().equals(model.layers()), what, "layers", cfg.layers(), model.layers());
    require(cfg.nc() == model.nc(), what, "nc", cfg.nc(), model.nc());
    require(cfg.depth() == model.depth() && cfg.width() == model.width()
        && cfg.maxChannels() == model.maxChannels(), what, "scale [depth, width, max_channels]",
        "[" + cfg.depth() + ", " + cfg.width() + ", " + cfg.maxChannels() + "]",
        "[" + model.depth() + ", " + model.width() + ", " + model.maxChannels() + "]");
    require(cfg.regMax() == model.regMax(), what, "reg_max", cfg.regMax(), model.regMax());
    require(cfg.endToEnd() == model.endToEnd(), what, "end2end", cfg.endToEnd(), model.endToEnd());
    require(cfg.channels() == model.channels(), what, "channels", cfg.channels(), model.channels());
    require(java.util.Arrays.equals(cfg.kptShape(), model.kptShape()), what, "kpt_shape",
        java.util.Arrays.toString(cfg.kptShape()), java.util.Arrays.toString(model.kptShape()));
  }

  private static void require(boolean ok, String what, String field, Object got, Object expected) {
    if (!ok) {
      throw new IllegalArgumentException(what + " does not describe the model being saved: " + field + " is "
          + Objects.toString(got) + " but the model has " + Objects.toString(expected));
    }
  }
}
