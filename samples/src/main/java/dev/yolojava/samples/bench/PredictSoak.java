package dev.yolojava.samples.bench;

import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.Yolo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Memory soak: {@code PredictSoak MODEL.pt IMAGES_DIR DEVICE [n=10000] [imgsz=640]} predicts {@code n} images one
 * at a time (cycling over the directory's .jpg/.png files) and prints a JSON line with the process's resident memory
 * (VmRSS from {@code /proc/self/status}) every 1,000 predictions; flat RSS means no native leak.
 */
public final class PredictSoak {
  private PredictSoak() {}

  public static void main(String[] args) throws Exception {
    Path model = Paths.get(args[0]);
    Path dir = Paths.get(args[1]);
    String device = args.length > 2 ? args[2] : "cpu";
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int imgsz = args.length > 4 ? Integer.parseInt(args[4]) : 640;
    List<Path> images;
    try (Stream<Path> s = Files.walk(dir)) {
      images = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no .jpg/.png images under " + dir);
    }
    String commit = System.getProperty("yolo.commit", System.getenv().getOrDefault("YOLO_COMMIT", "unknown"));
    PredictConfig cfg = PredictConfig.builder().imgsz(imgsz).build();
    try (Yolo yolo = Yolo.load(model)) {
      yolo.to(device);
      long t0 = System.nanoTime();
      long dets = 0;
      for (int i = 1; i <= n; i++) {
        dets += yolo.predict(images.get(i % images.size()), cfg).get(0).size();
        if (i % 1000 == 0 || i == 1) {
          System.out.printf(Locale.ROOT,
              "{\"bench\":\"predict_soak\",\"model\":\"%s\",\"device\":\"%s\",\"imgsz\":%d,\"predictions\":%d,"
                  + "\"rss_mib\":%.1f,\"seconds\":%.1f,\"detections\":%d,\"commit\":\"%s\"}%n",
              model.getFileName(), device, imgsz, i, rssMib(), (System.nanoTime() - t0) / 1e9, dets, commit);
        }
      }
    }
  }

  /** Resident set size from {@code /proc/self/status} (Linux), in MiB; -1 where unavailable. */
  static double rssMib() throws IOException {
    Path status = Paths.get("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }
}
