package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.Predictor;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.Trainer;
import dev.yolojava.core.engine.ValOptions;
import dev.yolojava.core.engine.Validator;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.engine.YoloOutOfMemoryException;
import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The entry point: load an Ultralytics checkpoint or build a model from YAML, then predict (and, as the library
 * grows, validate, train and export) with Ultralytics' names and defaults.
 *
 * <pre>{@code
 * try (Yolo model = Yolo.load("yolov8n.pt")) {
 *   List<Detections> out = model.predict("bus.jpg");
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance may be shared by many threads predicting at once.
 */
public final class Yolo implements AutoCloseable {
  private final YoloModel model;

  private Yolo(YoloModel model) {
    this.model = model;
  }

  /** Loads an Ultralytics {@code .pt} checkpoint, or builds a fresh model from a {@code .yaml} file/name. */
  public static Yolo load(String path) {
    checkNotNull(path, "model path is null");
    if (path.endsWith(".yaml") || path.endsWith(".yml")) {
      return create(path);
    }
    return load(Paths.get(path));
  }

  public static Yolo load(Path path) {
    return new Yolo(YoloModel.load(path).fuse());
  }

  /** A new model from a YAML file or a built-in name ({@code yolov8n.yaml}, {@code yolo11s.yaml}, ...). */
  public static Yolo create(String yaml) {
    return create(yaml, 0);
  }

  /** As {@link #create(String)} with {@code nc} classes (0 keeps the YAML's). */
  public static Yolo create(String yaml, int nc) {
    return new Yolo(YoloModel.create(yaml, nc));
  }

  /** A new model from YAML for these classes (e.g. a data set's {@code names}). */
  public static Yolo create(String yaml, List<String> names) {
    return new Yolo(YoloModel.create(yaml, names.size(), names));
  }

  /** The class names by id. */
  public List<String> names() {
    return model.names();
  }

  /** The model's device. */
  public Device device() {
    return model.device();
  }

  /** Moves the model to a device, e.g. {@code "cuda:1"}. */
  public Yolo to(String device) {
    model.to(Device.parse(device));
    return this;
  }

  /** A one-line summary like Ultralytics' {@code model.info()}; also logged. */
  public String info() {
    return model.info();
  }

  public long parameterCount() {
    return model.parameterCount();
  }

  /** The underlying model, for the engines. */
  public YoloModel model() {
    return model;
  }

  /** Predicts with Ultralytics' defaults; see {@link #predict(Object, PredictConfig)}. */
  public List<Detections> predict(Object source) {
    return predict(source, PredictConfig.defaults());
  }

  /**
   * Predicts on a source: an image path, a directory, a glob, a {@link java.awt.image.BufferedImage}, an OpenCV
   * {@link Mat} (BGR), encoded image bytes, or a list of these. Returns one {@link Detections} per image, in order.
   */
  public List<Detections> predict(Object source, PredictConfig cfg) {
    List<Sources.Item> items = Sources.resolve(source);
    if (cfg.device() != null) {
      model.to(Device.parse(cfg.device()));
    }
    model.half(cfg.half());
    Predictor predictor = new Predictor(model);
    NmsConfig nms = new NmsConfig(cfg.conf(), cfg.iou(), cfg.maxDet(), cfg.classes(), cfg.agnosticNms(), false);
    Predictor.Options opts = new Predictor.Options(cfg.imgszH(), cfg.imgszW(), nms, cfg.batch());
    List<Detections> out = new ArrayList<>(items.size());
    for (int start = 0; start < items.size(); start += cfg.batch()) {
      List<Sources.Item> chunk = items.subList(start, Math.min(items.size(), start + cfg.batch()));
      List<Mat> images = chunk.parallelStream().map(i -> i.decoder().get()).toList();
      try {
        List<float[][]> rows = YoloOutOfMemoryException.guard("predict", cfg.batch(), cfg.imgszH(),
            () -> predictor.predict(images, opts));
        for (int i = 0; i < chunk.size(); i++) {
          out.add(toDetections(chunk.get(i).name(), images.get(i), rows.get(i)));
        }
      } finally {
        images.forEach(Mat::close);
      }
    }
    return out;
  }

  /**
   * Validates on a data set's {@code val} split ({@code data.yaml} path, directory holding one, or
   * {@code synthetic}) with Ultralytics' val defaults: imgsz 640, batch 16, conf 0.001, iou 0.7, fp16 on CUDA.
   */
  public ValResults val(String data) {
    return val(data, ValOptions.defaults());
  }

  /** Validates with explicit options. */
  public ValResults val(String data, ValOptions options) {
    return new ValResults(YoloOutOfMemoryException.guard("val", options.batch(), options.imgsz(),
        () -> new Validator(model).validate(data, options)));
  }

  /**
   * Validates with an Ultralytics-style config ({@code data}, {@code imgsz}, {@code batch}, {@code conf},
   * {@code iou}, {@code max_det}, {@code half}, {@code plots}, {@code device}, ...).
   */
  public ValResults val(ValConfig cfg) {
    YoloArgs a = cfg.args();
    String data = a.data().orElseThrow(() -> new IllegalArgumentException(
        "val: 'data' is not set: expected a data.yaml path or 'synthetic'"));
    a.device().ifPresent(d -> model.to(Device.parse(d)));
    ValOptions o = new ValOptions(a.imgsz()[0], a.batch().intValue(), (float) cfg.effectiveConf(), (float) a.iou(),
        a.maxDet(), a.half() || model.device().isCuda(), a.singleCls(), Math.max(1, a.workers()), a.plots(),
        a.plots() ? dev.yolojava.core.cfg.SaveDirs.resolve(a) : null, a.verbose());
    return val(data, o);
  }

  /**
   * Trains this model with an Ultralytics-style config and returns where the run went; the model then holds the
   * final weights (load {@code best.pt} from the result for the best ones).
   */
  public TrainResult train(TrainConfig cfg) {
    YoloArgs a = cfg.args();
    return YoloOutOfMemoryException.guard("train", a.batch().intValue(), a.imgsz()[0],
        () -> new Trainer(model, a, null).train());
  }

  private Detections toDetections(String name, Mat image, float[][] rows) {
    List<Detection> boxes = new ArrayList<>(rows.length);
    for (float[] r : rows) {
      int c = (int) r[5];
      String cls = c >= 0 && c < model.names().size() ? model.names().get(c) : String.valueOf(c);
      boxes.add(new Detection(r[0], r[1], r[2], r[3], r[4], c, cls));
    }
    return new Detections(name, image.rows(), image.cols(), boxes);
  }

  @Override
  public void close() {
    model.close();
  }
}
