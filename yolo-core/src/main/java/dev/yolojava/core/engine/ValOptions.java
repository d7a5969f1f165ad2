package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one validation run, with Ultralytics' val defaults: {@code imgsz=640, batch=16, conf=0.001, iou=0.7,
 * max_det=300, half} (fp16 on CUDA only), rectangular batches, {@code plots} written to {@code saveDir} when set;
 * {@code classes} (empty: all) keeps only those classes' labels, as Ultralytics' val data set does.
 */
public record ValOptions(
    int imgsz, int batch, float conf, float iou, int maxDet, boolean half, boolean singleCls, int workers,
    boolean plots, Path saveDir, boolean verbose, List<Integer> classes) {
  public ValOptions {
    classes = classes == null ? List.of() : List.copyOf(classes);
    checkArgument(imgsz > 0 && imgsz % 32 == 0 || imgsz > 0, "imgsz is %s, expected > 0", imgsz);
    checkArgument(batch > 0, "batch is %s, expected > 0", batch);
    checkArgument(conf >= 0 && conf <= 1, "conf is %s, expected a value in [0, 1]", conf);
    checkArgument(iou >= 0 && iou <= 1, "iou is %s, expected a value in [0, 1]", iou);
    checkArgument(maxDet > 0, "max_det is %s, expected > 0", maxDet);
    checkArgument(workers > 0, "workers is %s, expected > 0", workers);
  }

  public static ValOptions defaults() {
    return new ValOptions(640, 16, 0.001f, 0.7f, 300, true, false,
        Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())), false, null, true, List.of());
  }

  public ValOptions withBatch(int b) {
    return new ValOptions(imgsz, b, conf, iou, maxDet, half, singleCls, workers, plots, saveDir, verbose, classes);
  }

  public ValOptions withImgsz(int s) {
    return new ValOptions(s, batch, conf, iou, maxDet, half, singleCls, workers, plots, saveDir, verbose, classes);
  }

  public ValOptions withPlots(Path dir) {
    return new ValOptions(imgsz, batch, conf, iou, maxDet, half, singleCls, workers, dir != null, dir, verbose, classes);
  }

  public ValOptions withVerbose(boolean v) {
    return new ValOptions(imgsz, batch, conf, iou, maxDet, half, singleCls, workers, plots, saveDir, v, classes);
  }

  public ValOptions withClasses(List<Integer> ids) {
    return new ValOptions(imgsz, batch, conf, iou, maxDet, half, singleCls, workers, plots, saveDir, verbose, ids);
  }

  public ValOptions withWorkers(int w) {
    return new ValOptions(imgsz, batch, conf, iou, maxDet, half, singleCls, w, plots, saveDir, verbose, classes);
  }
}
