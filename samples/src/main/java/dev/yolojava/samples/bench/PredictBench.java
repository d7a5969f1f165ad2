package dev.yolojava.samples.bench;

import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.engine.PredictPipeline;
import dev.yolojava.core.engine.Predictor;
import dev.yolojava.core.engine.StageTimes;
import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.data.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Predict throughput over image files, end to end (decode, letterbox, forward, NMS, boxes back):
 * {@code PredictBench MODEL.pt IMAGES_DIR DEVICE [batches=1,32] [halves=false,true] [limit=500]}. Prints one JSON
 * line per (batch, precision), after one warm-up pass over the first batch, with the per-image stage split
 * ({@code decode_letterbox_ms, h2d_ms, forward_ms, nms_ms}) from a second, synchronised pass.
 */
public final class PredictBench {
  private PredictBench() {}

  public static void main(String[] args) throws Exception {
    Path model = Paths.get(args[0]);
    Path dir = Paths.get(args[1]);
    String device = args.length > 2 ? args[2] : "cpu";
    String[] batches = (args.length > 3 ? args[3] : "1,32").split(",");
    String[] halves = (args.length > 4 ? args[4] : "false,true").split(",");
    int limit = args.length > 5 ? Integer.parseInt(args[5]) : 500;
    List<Path> images;
    try (Stream<Path> s = Files.list(dir)) {
      images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(limit).toList();
    }
    String commit = System.getProperty("yolo.commit", System.getenv().getOrDefault("YOLO_COMMIT", "unknown"));
    try (Yolo yolo = Yolo.load(model)) {
      yolo.to(device);
      // autotuning pays off for a fixed batch shape but re-tunes every new one (the last, partial batch)
      Cuda.setCudnnBenchmark(Boolean.parseBoolean(System.getProperty("yolo.predict.cudnnBenchmark", "true")));
      for (String h : halves) {
        boolean half = Boolean.parseBoolean(h);
        if (half && !device.startsWith("cuda") && !device.matches("\\d+")) {
          continue;
        }
        for (String b : batches) {
          int batch = Integer.parseInt(b.trim());
          PredictConfig cfg = PredictConfig.builder().batch(batch).half(half).build();
          yolo.predict(images.subList(0, Math.min(images.size(), Math.max(batch, 8))), cfg); // warm-up
          Cuda.synchronize();
          long t0 = System.nanoTime();
          int dets = yolo.predict(images, cfg).stream().mapToInt(d -> d.size()).sum();
          Cuda.synchronize();
          double s = (System.nanoTime() - t0) / 1e9;
          StageTimes stages = profile(yolo, images, cfg);
          int cores = Runtime.getRuntime().availableProcessors();
          System.out.printf(Locale.ROOT,
              "{\"bench\":\"predict_files\",\"model\":\"%s\",\"device\":\"%s\",\"batch\":%d,\"half\":%s,"
                  + "\"images\":%d,\"seconds\":%.3f,\"img_per_s\":%.1f,\"cores\":%d,\"img_per_s_per_core\":%.2f,"
                  + "\"detections\":%d,%s,\"commit\":\"%s\"}%n",
              model.getFileName(), device, batch, half, images.size(), s, images.size() / s, cores,
              images.size() / s / cores, dets, stages.toJsonFields(), commit);
        }
      }
    }
  }

  /**
   * A second, synchronised pass that splits per-image time into decode+letterbox (summed over worker threads, so it
   * overlaps the rest), H2D, forward and NMS; the end-to-end figure comes from the unsynchronised pass.
   */
  private static StageTimes profile(Yolo yolo, List<Path> images, PredictConfig cfg) {
    StageTimes stages = new StageTimes();
    NmsConfig nms = new NmsConfig(cfg.conf(), cfg.iou(), cfg.maxDet(), cfg.classes(), cfg.agnosticNms(), false);
    Predictor.Options opts = new Predictor.Options(cfg.imgszH(), cfg.imgszW(), nms, cfg.batch());
    int workers = Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors()));
    try (PredictPipeline p = new PredictPipeline(yolo.unwrap(), opts, workers, 2, stages)) {
      p.predict(images.stream()
          .map(path -> new PredictPipeline.Input(path.toString(), () -> Images.read(path))).toList());
    }
    return stages;
  }
}
