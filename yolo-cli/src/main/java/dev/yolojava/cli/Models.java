package dev.yolojava.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The CLI's {@code model=} rules shared by the modes. */
final class Models {
  /** Ultralytics' default when {@code model} is not given. */
  static final String DEFAULT_MODEL = "yolo26n.pt";

  private Models() {}

  static boolean isYaml(String model) {
    return model.endsWith(".yaml") || model.endsWith(".yml");
  }

  /** The checkpoint path of {@code model}, failing with a usage error when the file is not there. */
  static Path checkpoint(String model) {
    Path p = Path.of(model);
    if (!Files.isRegularFile(p)) {
      throw new UsageException("model file '" + model + "' not found: expected an Ultralytics .pt checkpoint path "
          + "or a model .yaml (e.g. model=yolov8n.yaml)");
    }
    return p;
  }

  /** The data argument, required by train and val. */
  static String data(dev.yolojava.core.cfg.YoloArgs args, String mode) {
    return args.data().orElseThrow(() -> new UsageException(
        mode + ": 'data' is not set: expected data=path/to/data.yaml, a dataset directory or data=synthetic"));
  }
}
