package dev.yolojava.cli;

import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's {@code model=} rules shared by the modes. */
final class Models {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Models.class);
  /** Ultralytics' default when {@code model} is not given. */
  private static final String DEFAULT_MODEL = "yolo26n.pt";

  private Models() {}

  /** The {@code model=} of {@code args}, or Ultralytics' default. */
  private static String name(YoloArgs args) {
    // resume=path/to/last.pt names the checkpoint to continue
    return args.model().orElse(args.get("resume") instanceof String last ? last : DEFAULT_MODEL);
  }

  /**
   * The model of {@code model=}: a checkpoint loaded, or a fresh one from a .yaml (training builds it for the data's
   * classes, as Ultralytics does).
   */
  static Yolo open(YoloArgs args) {
    String model = name(args);
    Yolo yolo = isYaml(model) ? Yolo.create(model) : Yolo.load(checkpoint(model));
    if (args.changes().containsKey("task") && !args.task().equals(yolo.task())) {
      // as Ultralytics with a checkpoint: the model's own task wins
      LOG.warn("task={} was given, but {} is a {} model: its task, {}, is used", args.task(), model, yolo.task(),
          yolo.task());
    }
    return yolo;
  }

  private static boolean isYaml(String model) {
    return model.endsWith(".yaml") || model.endsWith(".yml");
  }

  /** The checkpoint path of {@code model}, failing with a usage error when the file is not there. */
  private static Path checkpoint(String model) {
    String file = Path.of(model).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (file.matches("(rtdetr|sam|mobile_sam|fastsam|yoloe)[^/]*\\.pt") || file.matches("yolov8[nslmx]-world.*")) {
      throw new UsageException("model=" + model + ": RT-DETR, SAM, YOLOE and YOLO-World models are not in this build"
          + " of yolo-java: expected a YOLOv8, YOLO11 or YOLO26 detection, segmentation or pose model (.pt or .yaml)");
    }
    Path p = Path.of(model);
    // an official name (yolo26n.pt) that is not here is downloaded into the weights cache, as by the API
    if (!Files.isRegularFile(p) && !(p.getParent() == null && Yolo.isOfficialWeights(model))) {
      throw new UsageException("model file '" + model + "' not found: expected an Ultralytics .pt checkpoint path, "
          + "an official name such as yolo26n.pt (downloaded once), or a model .yaml (e.g. model=yolov8n.yaml)");
    }
    return p;
  }

  /** The data argument, required by train and val. */
  static String data(YoloArgs args, String mode) {
    return args.data().orElseThrow(() -> new UsageException(
        mode + ": 'data' is not set: expected data=path/to/data.yaml, a dataset directory or data=synthetic"));
  }
}
