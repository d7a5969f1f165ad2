package dev.yolojava.cli;

import dev.yolojava.api.Yolo;
import dev.yolojava.core.cfg.ArgSupport;
import dev.yolojava.core.cfg.YoloArgs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code yolo export model=yolov8n.pt format=onnx [imgsz= half= dynamic= batch= opset= workspace= device=]}: writes
 * the exported file next to the checkpoint, as Ultralytics does. Only keys given on the command line are passed, so
 * export keeps its own defaults (batch 1, static shapes) rather than training's.
 */
final class ExportMode implements Mode {
  private static final Set<String> KEYS =
      Set.of("format", "half", "dynamic", "opset", "workspace", "batch", "imgsz", "device", "end2end");

  @Override
  public String name() {
    return "export";
  }

  @Override
  public int run(YoloArgs args, PrintStream out) {
    ArgSupport.check(args, "export"); // keys this build does not export with are named, not dropped silently
    Map<String, Object> chosen = exportArgs(args);
    // Ultralytics' default format is torchscript, which the JVM cannot write: ask for a supported one instead.
    if (!chosen.containsKey("format")) {
      throw new UsageException("export: format=torchscript (Ultralytics' default format) is not in this build of"
          + " yolo-java: pass format=onnx or format=engine");
    }
    try (Yolo yolo = Models.open(args)) {
      Path file = yolo.export(chosen);
      out.println("Export complete, saved as " + file.toAbsolutePath());
    }
    return 0;
  }

  /** The export keys given on the command line; {@code half=True} arrives as its successor {@code quantize=16}. */
  static Map<String, Object> exportArgs(YoloArgs args) {
    Map<String, Object> chosen = new LinkedHashMap<>();
    args.changes().forEach((k, v) -> {
      if (KEYS.contains(k) && v != null) {
        chosen.put(k, v);
      }
    });
    if (args.changes().containsKey("quantize")) {
      chosen.put("half", args.half());
    }
    return chosen;
  }
}
