package dev.yolojava.api;

import dev.yolojava.core.cfg.ValSettings;
import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Path;
import java.util.List;

/**
 * Options of a validation run, with Ultralytics' names and 8.4.90 defaults, including those {@code model.val()} adds:
 * {@code mode=val} and {@code rect=True}; an unset {@code conf} means 0.001. Built with
 * {@code ValConfig.builder().data("data.yaml").batch(16).build()} or {@code ValConfig.parse("data=data.yaml")}.
 * Immutable; a thin view of a checked core {@link YoloArgs}, whose typed getters it shares.
 */
public final class ValConfig implements ValSettings {
  private static final YoloArgs BASE = YoloArgs.defaults().with("mode", "val").with("rect", true);

  private final YoloArgs args;

  private ValConfig(YoloArgs args) {
    this.args = args.with("mode", "val");
  }

  /** A builder starting from the validation defaults. */
  public static Builder builder() {
    return new Builder(BASE);
  }

  /** Ultralytics' validation defaults. */
  public static ValConfig defaults() {
    return new ValConfig(BASE);
  }

  /** The defaults with CLI-style overrides, e.g. {@code "data=data.yaml batch=8 conf=0.01"}. */
  public static ValConfig parse(String commandLine) {
    return new ValConfig(BASE.withCommandLine(commandLine));
  }

  /** The defaults with the keys of a YAML file. */
  public static ValConfig fromYaml(Path yaml) {
    return new ValConfig(BASE.withYaml(yaml));
  }

  /** A validation configuration from any checked configuration (its mode becomes val). */
  public static ValConfig of(YoloArgs args) {
    return new ValConfig(args);
  }

  /** The whole configuration, every Ultralytics key. */
  public YoloArgs args() {
    return args;
  }

  @Override
  public Object get(String key) {
    return args.get(key);
  }

  /** {@code conf} as validation uses it: the set value, else 0.001. */
  public double effectiveConf() {
    return conf().orElse(0.001);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValConfig other && args.equals(other.args);
  }

  @Override
  public int hashCode() {
    return args.hashCode();
  }

  @Override
  public String toString() {
    return "ValConfig" + args.changes();
  }

  /** Sets validation keys one by one; each value is checked when set, with Ultralytics' messages. */
  public static final class Builder {
    private YoloArgs args;

    private Builder(YoloArgs args) {
      this.args = args;
    }

    /** Sets any configuration key by its Ultralytics name, e.g. {@code set("max_det", 100)}. */
    public Builder set(String key, Object value) {
      args = args.with(key, value);
      return this;
    }

    /** Applies CLI-style overrides, e.g. {@code "conf=0.01 iou=0.6"}. */
    public Builder parse(String commandLine) {
      args = args.withCommandLine(commandLine);
      return this;
    }

    /** The checked, immutable configuration. */
    public ValConfig build() {
      return new ValConfig(args);
    }

    /** {@code model}: checkpoint to validate (unset). */
    public Builder model(String v) {
      return set("model", v);
    }

    /** {@code data}: dataset YAML (unset). */
    public Builder data(String v) {
      return set("data", v);
    }

    /** {@code split}: dataset split to validate: val, test or train (val). */
    public Builder split(String v) {
      return set("split", v);
    }

    /** {@code imgsz}: square image size (640). */
    public Builder imgsz(int v) {
      return set("imgsz", v);
    }

    /** {@code batch}: batch size (16). */
    public Builder batch(int v) {
      return set("batch", v);
    }

    /** {@code device}: {@code 0}, {@code 0,1} or {@code cpu} (unset: auto). */
    public Builder device(String v) {
      return set("device", v);
    }

    /** {@code workers}: data-loading workers (8). */
    public Builder workers(int v) {
      return set("workers", v);
    }

    /** {@code conf}: confidence threshold (unset: 0.001). */
    public Builder conf(double v) {
      return set("conf", v);
    }

    /** {@code iou}: NMS IoU threshold (0.7). */
    public Builder iou(double v) {
      return set("iou", v);
    }

    /** {@code max_det}: detections kept per image (300). */
    public Builder maxDet(int v) {
      return set("max_det", v);
    }

    /** {@code half}: FP16 inference, i.e. {@code quantize=16} ({@code half} is 8.4.90's deprecated name) (false). */
    public Builder half(boolean v) {
      return set("quantize", v ? 16 : null);
    }

    /** {@code rect}: rectangular batches (true for val). */
    public Builder rect(boolean v) {
      return set("rect", v);
    }

    /** {@code single_cls}: score all classes as one (false). */
    public Builder singleCls(boolean v) {
      return set("single_cls", v);
    }

    /** {@code classes}: validate these class ids only (unset: all). */
    public Builder classes(Integer... ids) {
      return set("classes", List.of(ids));
    }

    /** {@code agnostic_nms}: class-agnostic NMS (false). */
    public Builder agnosticNms(boolean v) {
      return set("agnostic_nms", v);
    }

    /** {@code augment}: test-time augmentation (false). */
    public Builder augment(boolean v) {
      return set("augment", v);
    }

    /** {@code end2end}: use the NMS-free head of YOLO26/YOLOv10 (unset: the model's). */
    public Builder end2end(boolean v) {
      return set("end2end", v);
    }

    /** {@code dnn}: OpenCV DNN for ONNX models (false). */
    public Builder dnn(boolean v) {
      return set("dnn", v);
    }

    /** {@code save_json}: write COCO JSON results (false). */
    public Builder saveJson(boolean v) {
      return set("save_json", v);
    }

    /** {@code save_txt}: write results as .txt label files (false). */
    public Builder saveTxt(boolean v) {
      return set("save_txt", v);
    }

    /** {@code save_conf}: include confidences in .txt results (false). */
    public Builder saveConf(boolean v) {
      return set("save_conf", v);
    }

    /** {@code plots}: save validation plots (true). */
    public Builder plots(boolean v) {
      return set("plots", v);
    }

    /** {@code visualize}: plot TP/FP/FN per image (false). */
    public Builder visualize(boolean v) {
      return set("visualize", v);
    }

    /** {@code verbose}: per-class metrics in the log (true). */
    public Builder verbose(boolean v) {
      return set("verbose", v);
    }

    /** {@code project}: run root; relative ones lie under runs/detect (unset). */
    public Builder project(String v) {
      return set("project", v);
    }

    /** {@code name}: run name under project (unset: val, then val-2, ...). */
    public Builder name(String v) {
      return set("name", v);
    }

    /** {@code exist_ok}: reuse an existing project/name (false). */
    public Builder existOk(boolean v) {
      return set("exist_ok", v);
    }
  }
}
