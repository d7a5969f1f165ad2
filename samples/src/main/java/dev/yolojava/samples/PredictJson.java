package dev.yolojava.samples;

import dev.yolojava.api.Detections;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.PredictionsFile;
import dev.yolojava.api.Yolo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Predicts on images and prints the detections as JSON: {@code PredictJson MODEL.pt DEVICE IMAGE...}. */
public final class PredictJson {
  private PredictJson() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: PredictJson MODEL.pt DEVICE IMAGE... (e.g. PredictJson yolo26n.pt cpu bus.jpg)");
      System.exit(2);
    }
    try (Yolo model = Yolo.load(Path.of(args[0]))) {
      model.to(args[1]);
      List<Detections> out = model.predict(List.of(args).subList(2, args.length), PredictConfig.defaults());
      Path tmp = Files.createTempFile("pred", ".json");
      PredictionsFile.write(tmp, out);
      System.out.println(Files.readString(tmp));
    }
  }
}
