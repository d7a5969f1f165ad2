package dev.yolojava.samples.bench;

import dev.yolojava.api.Detection;
import dev.yolojava.api.Detections;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.PredictionsFile;
import dev.yolojava.api.Yolo;
import dev.yolojava.cuda.Cuda;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks predict parity against the Ultralytics fixtures on any device (the GPU check of the foundation issue):
 * {@code PredictParity FIXTURES_DIR IMAGES_DIR DEVICE}. Prints one JSON line per model and exits non-zero on a
 * mismatch. TF32 is turned off, as the fixtures were made in exact fp32.
 */
public final class PredictParity {
  private PredictParity() {}

  public static void main(String[] args) throws Exception {
    Path fixtures = Paths.get(args[0]);
    Path images = Paths.get(args[1]);
    String device = args.length > 2 ? args[2] : "cpu";
    Cuda.setTf32(false);
    boolean ok = true;
    for (String name : List.of("yolov8n-synth", "yolo26n-synth")) {
      Map<String, List<float[]>> expected = PredictionsFile.read(fixtures.resolve(name + "-pred.json"));
      try (Yolo model = Yolo.load(fixtures.resolve(name + ".pt"))) {
        model.to(device);
        int images0 = 0;
        int countMismatch = 0;
        double minIou = 1;
        double maxConfDiff = 0;
        for (var e : expected.entrySet()) {
          Detections d = model.predict(images.resolve(e.getKey()), PredictConfig.defaults()).get(0);
          List<float[]> exp = e.getValue();
          images0++;
          if (d.size() != exp.size()) {
            countMismatch++;
            continue;
          }
          for (int i = 0; i < exp.size(); i++) {
            Detection got = d.boxes().get(i);
            float[] x = exp.get(i);
            minIou = Math.min(minIou, dev.yolojava.core.ops.Boxes.iou(got.xyxy(), x));
            maxConfDiff = Math.max(maxConfDiff, Math.abs(got.conf() - x[4]));
            if (got.classId() != (int) x[5]) {
              countMismatch++;
            }
          }
        }
        boolean pass = countMismatch == 0 && minIou >= 0.995 && maxConfDiff <= 2e-3;
        ok &= pass;
        System.out.printf(Locale.ROOT,
            "{\"check\":\"predict_parity\",\"model\":\"%s\",\"device\":\"%s\",\"images\":%d,"
                + "\"mismatched\":%d,\"min_iou\":%.6f,\"max_conf_diff\":%.6f,\"pass\":%s}%n",
            name, device, images0, countMismatch, minIou, maxConfDiff, pass);
      }
    }
    System.exit(ok ? 0 : 1);
  }
}
