package app;

import dev.yolojava.api.Detections;
import dev.yolojava.api.Yolo;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import javax.imageio.ImageIO;

/** A user's app: predicts on a generated image with a model built from YAML, through the installed artefacts. */
public class Main {
  public static void main(String[] args) throws Exception {
    BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(20, 10, 40, 30);
    g.dispose();
    File file = new File("target/generated.png");
    file.getParentFile().mkdirs();
    ImageIO.write(img, "png", file);
    try (Yolo model = Yolo.create("yolov8n.yaml", 3)) {
      List<Detections> out = model.predict(file.getPath());
      if (out.size() != 1 || out.get(0).width() != 96 || out.get(0).height() != 64) {
        throw new IllegalStateException("expected one result for a 96x64 image, got " + out);
      }
      System.out.println("predict-app: 1 image, " + out.get(0).boxes().size() + " boxes");
      // ONNX Runtime is optional in yolo-core: this app does not have it, and running an ONNX model says so
      java.nio.file.Path onnx = model.export(dev.yolojava.api.Export.onnx().imgsz(64).file(
          java.nio.file.Path.of("target/generated.onnx")));
      try (Yolo exported = Yolo.load(onnx)) {
        throw new IllegalStateException("loaded " + onnx + " without ONNX Runtime on the class path");
      } catch (IllegalStateException e) {
        if (!e.getMessage().startsWith("running ONNX models needs com.microsoft.onnxruntime:onnxruntime")) {
          throw e;
        }
        System.out.println("predict-app: without ONNX Runtime: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }
}
