package dev.yolojava.api;

import dev.yolojava.core.cfg.AugmentSettings;
import dev.yolojava.core.cfg.HyperParameters;
import dev.yolojava.core.cfg.TrainSettings;
import dev.yolojava.core.cfg.ValSettings;
import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Path;
import java.util.List;

/**
 * Options of a training run, with Ultralytics' names and 8.4.90 defaults, e.g.
 * {@code TrainConfig.builder().data("data.yaml").epochs(100).imgsz(640).device("0,1").build()}, or
 * {@code TrainConfig.parse("data=data.yaml epochs=100")}. Immutable; a thin view of a checked core {@link YoloArgs}
 * (always {@code mode=train}), whose typed getters it shares. See {@code docs/configuration.md} for every key.
 */
public final class TrainConfig implements TrainSettings, ValSettings, HyperParameters, AugmentSettings {
  private static final YoloArgs BASE = YoloArgs.defaults().with("mode", "train");

  private final YoloArgs args;

  private TrainConfig(YoloArgs args) {
    this.args = args.with("mode", "train");
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder(BASE);
  }

  /** Ultralytics' training defaults. */
  public static TrainConfig defaults() {
    return new TrainConfig(BASE);
  }

  /** The defaults with CLI-style overrides, e.g. {@code "data=data.yaml epochs=10 imgsz=640 device=0,1"}. */
  public static TrainConfig parse(String commandLine) {
    return new TrainConfig(BASE.withCommandLine(commandLine));
  }

  /** The defaults with the keys of a YAML file, e.g. a previous run's {@code args.yaml}. */
  public static TrainConfig fromYaml(Path yaml) {
    return new TrainConfig(BASE.withYaml(yaml));
  }

  /** A training configuration from any checked configuration (its mode becomes train). */
  public static TrainConfig of(YoloArgs args) {
    return new TrainConfig(args);
  }

  /** The whole configuration, every Ultralytics key. */
  public YoloArgs args() {
    return args;
  }

  @Override
  public Object get(String key) {
    return args.get(key);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainConfig other && args.equals(other.args);
  }

  @Override
  public int hashCode() {
    return args.hashCode();
  }

  @Override
  public String toString() {
    return "TrainConfig" + args.changes();
  }

  /** Sets training keys one by one; each value is checked when set, with Ultralytics' messages. */
  public static final class Builder {
    private YoloArgs args;

    private Builder(YoloArgs args) {
      this.args = args;
    }

    /** Sets any configuration key by its Ultralytics name, e.g. {@code set("close_mosaic", 5)}. */
    public Builder set(String key, Object value) {
      args = args.with(key, value);
      return this;
    }

    /** Applies CLI-style overrides, e.g. {@code "lr0=0.02 mosaic=0.5"}. */
    public Builder parse(String commandLine) {
      args = args.withCommandLine(commandLine);
      return this;
    }

    /** The checked, immutable configuration. */
    public TrainConfig build() {
      return new TrainConfig(args);
    }

    /** {@code model}: checkpoint (.pt) or model YAML to train (unset). */
    public Builder model(String v) {
      return set("model", v);
    }

    /** {@code data}: dataset YAML (unset). */
    public Builder data(String v) {
      return set("data", v);
    }

    /** {@code epochs}: number of training epochs (100). */
    public Builder epochs(int v) {
      return set("epochs", v);
    }

    /** {@code time}: maximum training hours, overriding epochs (unset). */
    public Builder time(double v) {
      return set("time", v);
    }

    /** {@code patience}: epochs without validation improvement before stopping (100). */
    public Builder patience(int v) {
      return set("patience", v);
    }

    /** {@code batch}: batch size, or -1 for AutoBatch (16). */
    public Builder batch(int v) {
      return set("batch", v);
    }

    /** {@code batch}: AutoBatch targeting this fraction of GPU memory, in (0, 1) (16). */
    public Builder batch(double v) {
      return set("batch", v);
    }

    /** {@code imgsz}: square training image size (640). */
    public Builder imgsz(int v) {
      return set("imgsz", v);
    }

    /** {@code save}: save checkpoints (true). */
    public Builder save(boolean v) {
      return set("save", v);
    }

    /** {@code save_period}: also save a checkpoint every N epochs, off below 1 (-1). */
    public Builder savePeriod(int v) {
      return set("save_period", v);
    }

    /** {@code cache}: cache images in RAM when true (false). */
    public Builder cache(boolean v) {
      return set("cache", v);
    }

    /** {@code cache}: cache images in {@code ram} or on {@code disk} (false). */
    public Builder cache(String v) {
      return set("cache", v);
    }

    /** {@code device}: {@code 0}, {@code 0,1}, {@code cpu}, or {@code -1} for the idlest GPU (unset: auto). */
    public Builder device(String v) {
      return set("device", v);
    }

    /** {@code workers}: data-loading workers (8). */
    public Builder workers(int v) {
      return set("workers", v);
    }

    /** {@code project}: run root; relative ones lie under runs/detect (unset). */
    public Builder project(String v) {
      return set("project", v);
    }

    /** {@code name}: run name under project (unset: train, then train-2, ...). */
    public Builder name(String v) {
      return set("name", v);
    }

    /** {@code exist_ok}: reuse an existing project/name (false). */
    public Builder existOk(boolean v) {
      return set("exist_ok", v);
    }

    /** {@code pretrained}: start from pretrained weights (true). */
    public Builder pretrained(boolean v) {
      return set("pretrained", v);
    }

    /** {@code pretrained}: start from the weights at this path (true). */
    public Builder pretrained(String weights) {
      return set("pretrained", weights);
    }

    /** {@code cls_remap}: remap head rows by class name when fine-tuning (true). */
    public Builder clsRemap(boolean v) {
      return set("cls_remap", v);
    }

    /** {@code optimizer}: SGD, MuSGD, Adam, Adamax, AdamW, NAdam, RAdam, RMSProp or auto (auto). */
    public Builder optimizer(String v) {
      return set("optimizer", v);
    }

    /** {@code verbose}: verbose logging (true). */
    public Builder verbose(boolean v) {
      return set("verbose", v);
    }

    /** {@code seed}: random seed (0). */
    public Builder seed(int v) {
      return set("seed", v);
    }

    /** {@code deterministic}: deterministic algorithms (true). */
    public Builder deterministic(boolean v) {
      return set("deterministic", v);
    }

    /** {@code single_cls}: train all classes as one (false). */
    public Builder singleCls(boolean v) {
      return set("single_cls", v);
    }

    /** {@code classes}: train on these class ids only (unset: all). */
    public Builder classes(Integer... ids) {
      return set("classes", List.of(ids));
    }

    /** {@code rect}: rectangular batches (false). */
    public Builder rect(boolean v) {
      return set("rect", v);
    }

    /** {@code cos_lr}: cosine learning-rate schedule (false). */
    public Builder cosLr(boolean v) {
      return set("cos_lr", v);
    }

    /** {@code close_mosaic}: turn mosaic off for the last N epochs (10). */
    public Builder closeMosaic(int v) {
      return set("close_mosaic", v);
    }

    /** {@code resume}: resume the last run (false). */
    public Builder resume(boolean v) {
      return set("resume", v);
    }

    /** {@code resume}: resume from this checkpoint (false). */
    public Builder resume(String checkpoint) {
      return set("resume", checkpoint);
    }

    /** {@code amp}: mixed-precision training (true). */
    public Builder amp(boolean v) {
      return set("amp", v);
    }

    /** {@code fraction}: fraction of the training set to use (1.0). */
    public Builder fraction(double v) {
      return set("fraction", v);
    }

    /** {@code profile}: profile export speeds while training (false). */
    public Builder profile(boolean v) {
      return set("profile", v);
    }

    /** {@code freeze}: freeze the first N layers (unset). */
    public Builder freeze(int firstLayers) {
      return set("freeze", firstLayers);
    }

    /** {@code freeze}: freeze these layer indices (unset). */
    public Builder freeze(List<Integer> layers) {
      return set("freeze", layers);
    }

    /** {@code multi_scale}: multi-scale range as a fraction of imgsz (0.0). */
    public Builder multiScale(double v) {
      return set("multi_scale", v);
    }

    /** {@code compile}: torch.compile the model (false). */
    public Builder compile(boolean v) {
      return set("compile", v);
    }

    /** {@code val}: validate after each epoch (true). */
    public Builder val(boolean v) {
      return set("val", v);
    }

    /** {@code split}: dataset split validated during training (val). */
    public Builder split(String v) {
      return set("split", v);
    }

    /** {@code save_json}: COCO JSON results of the final validation (false). */
    public Builder saveJson(boolean v) {
      return set("save_json", v);
    }

    /** {@code conf}: confidence threshold of validation (unset: 0.001). */
    public Builder conf(double v) {
      return set("conf", v);
    }

    /** {@code iou}: NMS IoU threshold of validation (0.7). */
    public Builder iou(double v) {
      return set("iou", v);
    }

    /** {@code max_det}: detections kept per image in validation (300). */
    public Builder maxDet(int v) {
      return set("max_det", v);
    }

    /** {@code plots}: save training plots (true). */
    public Builder plots(boolean v) {
      return set("plots", v);
    }

    /** {@code end2end}: use the NMS-free head of YOLO26/YOLOv10 (unset: the model's). */
    public Builder end2end(boolean v) {
      return set("end2end", v);
    }

    /** {@code lr0}: initial learning rate (0.01). */
    public Builder lr0(double v) {
      return set("lr0", v);
    }

    /** {@code lrf}: final learning rate as a fraction of lr0 (0.01). */
    public Builder lrf(double v) {
      return set("lrf", v);
    }

    /** {@code momentum}: SGD momentum / Adam beta1 (0.937). */
    public Builder momentum(double v) {
      return set("momentum", v);
    }

    /** {@code weight_decay}: L2 weight decay (0.0005). */
    public Builder weightDecay(double v) {
      return set("weight_decay", v);
    }

    /** {@code warmup_epochs}: warmup length in epochs (3.0). */
    public Builder warmupEpochs(double v) {
      return set("warmup_epochs", v);
    }

    /** {@code warmup_momentum}: momentum at warmup start (0.8). */
    public Builder warmupMomentum(double v) {
      return set("warmup_momentum", v);
    }

    /** {@code warmup_bias_lr}: bias learning rate at warmup start (0.1). */
    public Builder warmupBiasLr(double v) {
      return set("warmup_bias_lr", v);
    }

    /** {@code box}: box loss gain (7.5). */
    public Builder box(double v) {
      return set("box", v);
    }

    /** {@code cls}: classification loss gain (0.5). */
    public Builder cls(double v) {
      return set("cls", v);
    }

    /** {@code cls_pw}: power of inverse class-frequency weights, 0 off (0.0). */
    public Builder clsPw(double v) {
      return set("cls_pw", v);
    }

    /** {@code dfl}: distribution focal loss gain (1.5). */
    public Builder dfl(double v) {
      return set("dfl", v);
    }

    /** {@code nbs}: nominal batch size for loss and weight-decay scaling (64). */
    public Builder nbs(int v) {
      return set("nbs", v);
    }

    /** {@code hsv_h}: hue augmentation fraction (0.015). */
    public Builder hsvH(double v) {
      return set("hsv_h", v);
    }

    /** {@code hsv_s}: saturation augmentation fraction (0.7). */
    public Builder hsvS(double v) {
      return set("hsv_s", v);
    }

    /** {@code hsv_v}: value augmentation fraction (0.4). */
    public Builder hsvV(double v) {
      return set("hsv_v", v);
    }

    /** {@code degrees}: rotation range, +/- degrees (0.0). */
    public Builder degrees(double v) {
      return set("degrees", v);
    }

    /** {@code translate}: translation range, +/- fraction (0.1). */
    public Builder translate(double v) {
      return set("translate", v);
    }

    /** {@code scale}: scale gain, +/- (0.5). */
    public Builder scale(double v) {
      return set("scale", v);
    }

    /** {@code scale}: explicit scale range [min, max] (0.5). */
    public Builder scale(double min, double max) {
      return set("scale", List.of(min, max));
    }

    /** {@code shear}: shear range, +/- degrees (0.0). */
    public Builder shear(double v) {
      return set("shear", v);
    }

    /** {@code perspective}: perspective fraction (0.0). */
    public Builder perspective(double v) {
      return set("perspective", v);
    }

    /** {@code flipud}: vertical flip probability (0.0). */
    public Builder flipud(double v) {
      return set("flipud", v);
    }

    /** {@code fliplr}: horizontal flip probability (0.5). */
    public Builder fliplr(double v) {
      return set("fliplr", v);
    }

    /** {@code bgr}: RGB/BGR swap probability (0.0). */
    public Builder bgr(double v) {
      return set("bgr", v);
    }

    /** {@code mosaic}: mosaic probability (1.0). */
    public Builder mosaic(double v) {
      return set("mosaic", v);
    }

    /** {@code mixup}: MixUp probability (0.0). */
    public Builder mixup(double v) {
      return set("mixup", v);
    }

    /** {@code cutmix}: CutMix probability (0.0). */
    public Builder cutmix(double v) {
      return set("cutmix", v);
    }

    /** {@code copy_paste}: copy-paste probability, segment only (0.0). */
    public Builder copyPaste(double v) {
      return set("copy_paste", v);
    }

    /** {@code copy_paste_mode}: flip or mixup (flip). */
    public Builder copyPasteMode(String v) {
      return set("copy_paste_mode", v);
    }
  }
}
