package dev.yolojava.samples;

import dev.yolojava.api.ValConfig;
import dev.yolojava.api.ValResults;
import dev.yolojava.api.Yolo;
import java.nio.file.Path;

/**
 * Validates a checkpoint with Ultralytics-style arguments and prints the per-class table and JSON:
 * {@code Validate model=best.pt data=data.yaml imgsz=640 batch=16 plots=True project=runs name=val}.
 */
public final class Validate {
  private Validate() {}

  public static void main(String[] argv) {
    ValConfig cfg = ValConfig.parse(String.join(" ", argv));
    String model = String.valueOf(cfg.get("model"));
    try (Yolo yolo = Yolo.load(Path.of(model))) {
      ValResults r = yolo.val(cfg);
      System.out.println(r.table());
      System.out.println(r.toJson());
    }
  }
}
