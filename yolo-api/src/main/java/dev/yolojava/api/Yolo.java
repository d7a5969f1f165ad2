package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.Classifier;
import dev.yolojava.core.engine.ClassifyPredictor;
import dev.yolojava.core.engine.ClassifyValidator;
import dev.yolojava.core.engine.PredictPipeline;
import dev.yolojava.core.cfg.ImgszCheck;
import dev.yolojava.core.engine.Predictor;
import dev.yolojava.core.engine.DistributedValidation;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.Training;
import dev.yolojava.core.engine.ValOptions;
import dev.yolojava.core.engine.Validator;
import dev.yolojava.core.engine.InferenceBackend;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.engine.YoloOutOfMemoryException;
import dev.yolojava.core.export.TensorRtEngines;
import dev.yolojava.core.export.onnx.OnnxExporter;
import dev.yolojava.core.export.onnx.OnnxRuntimeBackend;
import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.core.parallel.DistGroup;
import dev.yolojava.cuda.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
 * <p>As Ultralytics' {@code Model}: the object holds the trainable model as loaded, predict, val and export use a
 * fused copy of it, and after {@link #train} it holds the run's {@code best.pt}.
 *
 * <p>Thread-safe: one instance may be shared by many threads predicting at once; {@link #train} and {@link #to}
 * are not to be called while other threads predict with it.
 */
public final class Yolo implements AutoCloseable {
  static {
    dev.yolojava.runtime.JavaCppDefaults.apply(); // before any native type loads
  }

  // the trainable model as loaded or built (Ultralytics' Model.model); replaced by best.pt after train
  private volatile YoloModel model;
  // the fused copy that predict, val and export run, made from model when first needed; null until then
  private YoloModel inference;
  private YoloModel inferenceOneToMany; // end2end=False on an end-to-end model: the one-to-many branch and NMS
  private final List<YoloModel> retiredModels = new ArrayList<>(); // copies pipelines in flight may still use
  private final Map<String, List<Consumer<CallbackEvent>>> callbacks = new java.util.concurrent.ConcurrentHashMap<>();
  // an exported model (ONNX Runtime, TensorRT) in place of the eager one; null for .pt / .yaml models
  private final InferenceBackend exported;
  // predict's worker threads, kept across calls (a pool per call cost a request ~1 ms of thread starts); rebuilt when
  // the model moves to another device, since the workers hold the model's GPU current
  private PredictPipeline workers;
  private Device workersOn;
  private InferenceBackend workersFor;
  private final List<PredictPipeline> retired = new ArrayList<>();

  // a classifier (task=classify) in place of model; its fused copy for predict, val and export
  private volatile Classifier classifier;
  private Classifier classifierInference;
  // an exported classifier (ONNX Runtime) in place of classifier; null otherwise
  private final dev.yolojava.core.export.onnx.OnnxClassifier exportedClassifier;

  private Yolo(YoloModel model) {
    this.model = model;
    this.exported = null;
    this.exportedClassifier = null;
  }

  private Yolo(InferenceBackend exported) {
    this.model = null;
    this.exported = exported;
    this.exportedClassifier = null;
  }

  private Yolo(Classifier classifier) {
    this.model = null;
    this.exported = null;
    this.exportedClassifier = null;
    this.classifier = classifier;
  }

  private Yolo(dev.yolojava.core.export.onnx.OnnxClassifier exportedClassifier) {
    this.model = null;
    this.exported = null;
    this.exportedClassifier = exportedClassifier;
  }

  /** Whether this is a classifier (a checkpoint's, a YAML's or an exported one). */
  private boolean isClassifier() {
    return classifier != null || exportedClassifier != null;
  }

  /**
   * Loads an Ultralytics {@code .pt} checkpoint, or builds a fresh model from a {@code .yaml} file/name. An official
   * name such as {@code yolo26n.pt} that is not on disk is downloaded once into the weights cache
   * ({@link dev.yolojava.core.hub.OfficialWeights}). {@code .onnx} models need ONNX Runtime, {@code .engine} models
   * the {@code dev.yolojava:yolo-tensorrt} module on the class path.
   */
  public static Yolo load(String path) {
    checkNotNull(path, "model path is null");
    if (path.endsWith(".yaml") || path.endsWith(".yml")) {
      return create(path);
    }
    return load(Paths.get(path));
  }

  public static Yolo load(Path path) {
    if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
      try {
        var onnxClassifier = dev.yolojava.core.export.onnx.OnnxClassifier.openIfClassifier(path);
        if (onnxClassifier.isPresent()) {
          return new Yolo(onnxClassifier.get());
        }
        return new Yolo(OnnxRuntimeBackend.open(path));
      } catch (NoClassDefFoundError e) {
        throw missing("ONNX models", "com.microsoft.onnxruntime:onnxruntime:1.23.2 (onnxruntime_gpu for CUDA)", e);
      }
    }
    if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".engine")) {
      // TensorRT engines (the yolo-tensorrt module) run on the first CUDA device; its backend takes any other
      return new Yolo(TensorRtEngines.find().open(path, Device.cuda(0)));
    }
    // the checkpoint is read once: its head says whether it is a classifier or a detection-family model
    dev.yolojava.core.io.Checkpoint ckpt = YoloModel.readCheckpoint(path);
    String source = dev.yolojava.core.hub.OfficialWeights.resolve(path).toString();
    if (dev.yolojava.core.nn.ClassificationModel.isClassifier(ckpt.yaml())) {
      return new Yolo(Classifier.fromCheckpoint(ckpt, source));
    }
    return new Yolo(YoloModel.fromCheckpoint(ckpt, source)); // trainable as loaded: predict fuses a copy
  }

  /**
   * Whether {@code name} is an official Ultralytics detection checkpoint ({@code yolo26n.pt}, {@code yolov8s.pt},
   * ...) that {@link #load(String)} downloads into the weights cache when it is not on disk.
   */
  public static boolean isOfficialWeights(String name) {
    return dev.yolojava.core.hub.OfficialWeights.isOfficial(name);
  }

  /** An optional runtime that is not on the class path: one line saying which artefact to add. */
  private static IllegalStateException missing(String what, String artefact, NoClassDefFoundError e) {
    return new IllegalStateException("running " + what + " needs " + artefact + " on the class path (yolo-core"
        + " leaves it optional; see docs/install.md); missing class " + e.getMessage(), e);
  }

  /** A new model from a YAML file or a built-in name ({@code yolov8n.yaml}, {@code yolo11s.yaml}, ...). */
  public static Yolo create(String yaml) {
    return create(yaml, 0);
  }

  /** As {@link #create(String)} with {@code nc} classes (0 keeps the YAML's). */
  public static Yolo create(String yaml, int nc) {
    if (Classifier.isClassifierYaml(yaml)) {
      return new Yolo(Classifier.create(yaml, nc));
    }
    return new Yolo(YoloModel.create(yaml, nc));
  }

  /** A new model from YAML for these classes (e.g. a data set's {@code names}). */
  public static Yolo create(String yaml, List<String> names) {
    if (Classifier.isClassifierYaml(yaml)) {
      return new Yolo(Classifier.create(yaml, names.size()).forClasses(names));
    }
    return new Yolo(YoloModel.create(yaml, names.size(), names));
  }

  /**
   * Ultralytics' task of the model, from its head: {@code detect}, {@code segment} or {@code pose} (exported models:
   * from their metadata).
   */
  public String task() {
    if (isClassifier()) {
      return "classify";
    }
    return exported != null ? (exported.keypointShape() != null ? "pose" : exported.segments() ? "segment" : "detect")
        : model.net().task();
  }

  /** The class names by id. */
  public List<String> names() {
    if (isClassifier()) {
      return classifyBackend().names();
    }
    return exported != null ? exported.names() : model.names();
  }

  /** The model's device. */
  public Device device() {
    if (isClassifier()) {
      return classifyBackend().device();
    }
    return exported != null ? exported.device() : model.device();
  }

  /** Moves the model to a device, e.g. {@code "cuda:1"}. */
  public Yolo to(String device) {
    requireEager("to");
    moveTo(Device.parse(device));
    return this;
  }

  private synchronized void moveTo(Device device) {
    if (classifier != null) {
      classifier.to(device);
      if (classifierInference != null) {
        classifierInference.to(device);
      }
      return;
    }
    model.to(device);
    if (inference != null) {
      inference.to(device);
    }
    if (inferenceOneToMany != null) {
      inferenceOneToMany.to(device);
    }
  }

  /** The fused copy of the model that predict, val and export run; made on first use. */
  private synchronized YoloModel inference() {
    if (inference == null) {
      inference = model.fusedCopy();
    }
    return inference;
  }

  /**
   * The fused copy for Ultralytics' {@code end2end} key: null or true, the model's own head; false on an end-to-end
   * (YOLO26) model, a copy that predicts with the one-to-many branch and NMS.
   */
  private synchronized YoloModel inference(Boolean endToEnd) {
    if (endToEnd == null || endToEnd || !model.net().hasOneToOne()) {
      return inference();
    }
    if (inferenceOneToMany == null) {
      inferenceOneToMany = model.fusedCopy(false);
    }
    return inferenceOneToMany;
  }

  /** An exported model's output is fixed when it is written: say so rather than ignore end2end. */
  private void warnEndToEndFixed(Boolean endToEnd) {
    if (exported != null && endToEnd != null && endToEnd != exported.endToEnd()) {
      org.slf4j.LoggerFactory.getLogger(Yolo.class).warn("end2end={} is ignored: this exported model's output was"
          + " fixed when it was exported (end2end={}); export again with end2end={}", pyBool(endToEnd),
          pyBool(exported.endToEnd()), pyBool(endToEnd));
    }
  }

  private static String pyBool(boolean b) {
    return b ? "True" : "False";
  }

  /**
   * Registers {@code fn} for an Ultralytics callback event ({@link CallbackEvent#EVENTS}: {@code on_train_start},
   * {@code on_train_batch_end}, {@code on_train_epoch_end}, {@code on_fit_epoch_end}, {@code on_model_save},
   * {@code on_train_end}, {@code on_val_end}, {@code on_predict_batch_end}). Callbacks run on the thread doing the
   * work, in the order added.
   */
  public Yolo addCallback(String event, Consumer<CallbackEvent> fn) {
    checkNotNull(fn, "callback for %s is null", event);
    if (!CallbackEvent.EVENTS.contains(event)) {
      throw new IllegalArgumentException("addCallback: '" + event + "' is not a callback event of this build;"
          + " expected one of " + new java.util.TreeSet<>(CallbackEvent.EVENTS));
    }
    callbacks.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(fn);
    return this;
  }

  /** Removes every callback of {@code event} (Ultralytics' {@code clear_callback}). */
  public Yolo clearCallback(String event) {
    callbacks.remove(event);
    return this;
  }

  private void fire(CallbackEvent e) {
    for (Consumer<CallbackEvent> fn : callbacks.getOrDefault(e.name(), List.of())) {
      fn.accept(e);
    }
  }

  /** A one-line summary like Ultralytics' {@code model.info()}; also logged. */
  public String info() {
    requireEager("info");
    return classifier != null ? classifier.info() : model.info();
  }

  public long parameterCount() {
    requireEager("parameterCount");
    return classifier != null ? classifier.parameterCount() : model.parameterCount();
  }

  /**
   * The escape hatch: the engine's trainable model (its {@code net()} is the libtorch module), for code that goes
   * beyond this API. After {@link #train} it is another object, holding {@code best.pt}.
   */
  public YoloModel unwrap() {
    requireEager("unwrap");
    com.google.common.base.Preconditions.checkState(classifier == null,
        "unwrap: this is a classifier (task=classify): use unwrapClassifier()");
    return model;
  }

  /** The escape hatch for a classifier ({@code task=classify}): the engine's trainable classifier. */
  public Classifier unwrapClassifier() {
    requireEager("unwrapClassifier");
    com.google.common.base.Preconditions.checkState(classifier != null, "unwrapClassifier: this is a %s model: use"
        + " unwrap()", task());
    return classifier;
  }

  /** What a classifier predicts and validates with: the exported model, or the fused copy of the eager one. */
  private dev.yolojava.core.engine.ClassifyBackend classifyBackend() {
    return exportedClassifier != null ? exportedClassifier : classifierInference();
  }

  /** The fused copy of the classifier that predict, val and export run; made on first use. */
  private synchronized Classifier classifierInference() {
    if (classifierInference == null) {
      classifierInference = classifier.fusedCopy();
    }
    return classifierInference;
  }

  /** A classifier's predictions: class probabilities per image, in order (images only). */
  private List<Detections> predictClassify(List<Sources.Item> items, PredictConfig cfg) {
    if (items.stream().anyMatch(Sources.Item::isVideo)) {
      throw new UnsupportedOperationException("predict: video sources are not built for task=classify in this"
          + " build of yolo-java; give images");
    }
    dev.yolojava.core.engine.ClassifyBackend c = classifyBackend();
    int batch = staticClassifierBatch(cfg.batch());
    int imgsz = cfg.imgszExplicit() ? cfg.imgszH() : 0; // 0: the size the classifier was trained at
    List<Detections> out = new ArrayList<>(items.size());
    BatchEvents events = new BatchEvents(cfg.batch());
    try (dev.yolojava.cuda.Cuda.DeviceGuard guard = dev.yolojava.cuda.Cuda.deviceGuard(c.device())) {
      java.util.Iterator<ClassifyPredictor.Result> it = ClassifyPredictor.run(c,
          items.stream().map(Yolo::toInput).iterator(), imgsz, batch);
      int size = imgsz > 0 ? imgsz : c.imgsz();
      while (it.hasNext()) {
        ClassifyPredictor.Result r = it.next();
        out.add(events.add(new Detections(r.name(), r.height(), r.width(), new Probs(r.probs(), c.names()),
            new int[] {size, size}, new double[] {r.preMs(), r.inferMs(), 0.0})));
      }
    }
    events.flush();
    return out;
  }

  /** A static ONNX classifier runs batches of its own size (Ultralytics sets batch=1 for such models); else as given. */
  private int staticClassifierBatch(int given) {
    int fixed = exportedClassifier == null ? 0 : exportedClassifier.fixedBatch();
    if (fixed > 0 && fixed != given) {
      org.slf4j.LoggerFactory.getLogger(Yolo.class).info("Setting batch={} input of shape ({}, 3, {}, {})", fixed,
          fixed, exportedClassifier.imgsz(), exportedClassifier.imgsz());
      return fixed;
    }
    return given;
  }

  private void refuseForClassifier(String what) {
    if (isClassifier()) {
      throw new UnsupportedOperationException(what + " is not built for task=classify in this build of yolo-java;"
          + " use predict(source) with images");
    }
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
    if (isClassifier()) {
      return predictClassify(items, cfg);
    }
    if (items.stream().anyMatch(Sources.Item::isVideo)) {
      // every frame of the videos: for long videos, predictStream or stream keep only what is being read
      try (Stream<Detections> all = mixed(items.iterator(), cfg)) {
        return all.toList();
      }
    }
    Predictor.Options opts = prepare(cfg);
    try (dev.yolojava.cuda.Cuda.DeviceGuard guard = dev.yolojava.cuda.Cuda.deviceGuard(device());
        PredictPipeline.Results results = pipeline(cfg.end2end()).run(items.stream().map(Yolo::toInput).iterator(), opts)) {
      return YoloOutOfMemoryException.guard("predict", cfg.batch(), cfg.imgszH(), () -> {
        List<Detections> out = new ArrayList<>(items.size());
        BatchEvents events = new BatchEvents(cfg.batch());
        results.forEachRemaining(r -> out.add(events.add(toDetections(r))));
        events.flush();
        return out;
      });
    }
  }

  /**
   * Predicts lazily over many sources (each one anything {@link #predict(Object, PredictConfig)} accepts), in
   * order: images are resolved and decoded only as the pipeline's batches in flight need them, so a stream of 100k
   * paths never loads at once. Close the returned stream (try-with-resources) to stop its worker threads early;
   * they also stop when the stream is exhausted.
   */
  public Stream<Detections> predictStream(Iterable<?> sources, PredictConfig cfg) {
    refuseForClassifier("predictStream");
    checkNotNull(sources, "sources is null: expected an Iterable of image paths, videos, images or bytes");
    return mixed(StreamSupport.stream(sources.spliterator(), false)
        .flatMap(s -> Sources.resolve(s).stream()).iterator(), cfg);
  }

  /**
   * Predicts on video files, cameras and streams at once, as Ultralytics' multi-stream {@code predict(stream=True)}
   * over a {@code .streams} list: each source is decoded on a thread of its own and the frames of all are batched
   * together (up to {@code cfg.batch()} a batch; set it to at least the number of sources). Results come as frames
   * are predicted, each with its {@link Detections#frame()}, each source's in order; read them from one thread, and
   * close the returned object to stop. Needs the {@code yolo-video} module (FFmpeg) on the class path.
   *
   * @param sources video files, camera indices ({@code "0"}) or stream URLs ({@code rtsp://...})
   */
  public StreamResults stream(List<String> sources, PredictConfig cfg) {
    refuseForClassifier("stream");
    checkNotNull(sources, "sources is null: expected video files, camera indices or stream URLs");
    sources.forEach(Sources::checkStreamSource);
    VideoIo io = VideoIo.find();
    return streamFrom(sources, i -> io.open(sources.get(i)), cfg);
  }

  /**
   * As {@link #stream(List, PredictConfig)} over readers of your own (a camera SDK, frames from a queue): each is
   * read on a thread of its own and closed when it ends or the results are closed.
   */
  public StreamResults streamReaders(List<? extends FrameReader> readers, PredictConfig cfg) {
    refuseForClassifier("streamReaders");
    checkNotNull(readers, "readers is null: expected a list of FrameReader");
    List<String> names = readers.stream().map(FrameReader::name).toList();
    return streamFrom(names, readers::get, cfg);
  }

  private StreamResults streamFrom(List<String> sources, java.util.function.IntFunction<FrameReader> opener,
      PredictConfig cfg) {
    Predictor.Options opts = prepare(cfg);
    PredictPipeline pipe = pipeline(cfg.end2end());
    return new StreamResults(sources, opener, cfg, inputs -> pipe.run(inputs, opts), this::toDetections);
  }

  /** Images batched through the pipeline and videos through {@link StreamResults}, in order, lazily. */
  private Stream<Detections> mixed(Iterator<Sources.Item> items, PredictConfig cfg) {
    Predictor.Options opts = prepare(cfg);
    PredictPipeline pipe = pipeline(cfg.end2end());
    MixedResults results = new MixedResults(items, inputs -> pipe.run(inputs, opts), this::toDetections,
        videos -> stream(videos, cfg));
    Iterator<Detections> dets = new Iterator<>() {
      final BatchEvents events = new BatchEvents(cfg.batch());

      @Override
      public boolean hasNext() {
        boolean more = results.hasNext();
        if (!more) {
          events.flush();
          results.close();
        }
        return more;
      }

      @Override
      public Detections next() {
        return events.add(results.next());
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(dets, Spliterator.ORDERED), false)
        .onClose(results::close);
  }

  /** As {@link #predictStream(Iterable, PredictConfig)} over a {@link Stream} of sources. */
  @SuppressWarnings("unchecked")
  public Stream<Detections> predictStream(Stream<?> sources, PredictConfig cfg) {
    refuseForClassifier("predictStream");
    checkNotNull(sources, "sources is null: expected a Stream of image paths, images or bytes");
    Iterator<?> it = sources.iterator();
    return predictStream(() -> (Iterator<Object>) it, cfg).onClose(sources::close);
  }

  /** {@code on_predict_batch_end} after every {@code batch} results (and after the last, shorter batch). */
  private final class BatchEvents {
    private final int batch;
    private final List<Detections> pending = new ArrayList<>();

    BatchEvents(int batch) {
      this.batch = Math.max(1, batch);
    }

    Detections add(Detections d) {
      if (callbacks.containsKey("on_predict_batch_end")) {
        pending.add(d);
        if (pending.size() == batch) {
          flush();
        }
      }
      return d;
    }

    void flush() {
      if (!pending.isEmpty()) {
        fire(new CallbackEvent("on_predict_batch_end", -1, -1, -1, null, null, null, pending));
        pending.clear();
      }
    }
  }

  /** Puts the eager model where and in the precision {@code cfg} asks; the run's options. */
  private Predictor.Options prepare(PredictConfig cfg) {
    if (exported == null) {
      if (cfg.device() != null) {
        moveTo(Device.parse(cfg.device()));
      }
      inference(cfg.end2end()).half(cfg.half());
    } else {
      warnEndToEndFixed(cfg.end2end());
    }
    return options(cfg);
  }

  private Predictor.Options options(PredictConfig cfg) {
    NmsConfig nms = new NmsConfig(cfg.conf(), cfg.iou(), cfg.maxDet(), cfg.classes(), cfg.agnosticNms(), false);
    int[] sz = ImgszCheck.check(new int[] {cfg.imgszH(), cfg.imgszW()}, maxStride(), 0);
    // a static export takes batches of its own size only (a dynamic one, and the eager model, any size)
    int batch = exported != null && exported.fixedBatch() > 0 ? exported.fixedBatch() : cfg.batch();
    return new Predictor.Options(sz[0], sz[1], nms, batch, cfg.retinaMasks());
  }

  /** The largest stride of the model (or of the exported runtime): image sizes are rounded up to it. */
  private int maxStride() {
    return exported != null ? exported.maxStride() : model.maxStride();
  }

  /** The shared predict workers for the model's current device. */
  private synchronized PredictPipeline pipeline(Boolean endToEnd) {
    Device on = device();
    InferenceBackend backend = exported != null ? exported : inference(endToEnd);
    if (workers == null || !on.equals(workersOn) || backend != workersFor) {
      if (workers != null) {
        retired.add(workers);  // runs in flight on other threads keep using it until close()
      }
      workers = new PredictPipeline(backend, options(PredictConfig.defaults()));
      workersOn = on;
      workersFor = backend;
    }
    return workers;
  }

  private static PredictPipeline.Input toInput(Sources.Item item) {
    return new PredictPipeline.Input(item.name(), item.decoder());
  }

  private Detections toDetections(PredictPipeline.Result r) {
    List<Detection> boxes = new ArrayList<>(r.rows().length);
    for (float[] row : r.rows()) {
      int c = (int) row[5];
      String cls = c >= 0 && c < names().size() ? names().get(c) : String.valueOf(c);
      boxes.add(new Detection(row[0], row[1], row[2], row[3], row[4], c, cls));
    }
    int[] kpt = exported != null ? exported.keypointShape() : model != null ? model.net().kptShape() : null;
    if (kpt != null) {
      return new Detections(r.name(), r.height(), r.width(), boxes, new int[] {r.inferH(), r.inferW()},
          new double[] {r.preMs(), r.inferMs(), r.postMs()}, keypoints(r.rows(), kpt));
    }
    return new Detections(r.name(), r.height(), r.width(), boxes, new int[] {r.inferH(), r.inferW()},
        new double[] {r.preMs(), r.inferMs(), r.postMs()}, () -> masks(r));
  }

  /** A pose model's keypoints, carried in its rows after the class ({@code x y} or {@code x y visibility} each). */
  private static List<Keypoints> keypoints(float[][] rows, int[] shape) {
    List<Keypoints> out = new ArrayList<>(rows.length);
    for (float[] row : rows) {
      float[] xy = new float[2 * shape[0]];
      float[] conf = shape[1] == 3 ? new float[shape[0]] : null;
      for (int k = 0; k < shape[0]; k++) {
        xy[2 * k] = row[6 + k * shape[1]];
        xy[2 * k + 1] = row[7 + k * shape[1]];
        if (conf != null) {
          conf[k] = row[8 + k * shape[1]];
        }
      }
      out.add(new Keypoints(xy, conf));
    }
    return out;
  }

  /** A segmentation result's masks at the original image size (resized from the input size unless retina). */
  private static List<Mask> masks(PredictPipeline.Result r) {
    Predictor.Segments s = r.segments();
    if (s == null || s.rows().length == 0) {
      return List.of();
    }
    Predictor.Segments original = s.maskHeight() == r.height() && s.maskWidth() == r.width() ? s
        : s.resized(r.height(), r.width());
    List<Mask> out = new ArrayList<>(original.rows().length);
    for (int i = 0; i < original.rows().length; i++) {
      out.add(new Mask(original.maskWidth(), original.maskHeight(), original.mask(i),
          s.outline(i, r.height(), r.width()))); // traced on the mask as made, as Ultralytics' masks.xy
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
  public ValResults val(String data, ValOptions given) {
    return val(data, given, null, null, true);
  }

  /**
   * As {@link #val(String, ValOptions)}, writing COCO-style predictions to {@code json} when not null, with the
   * head {@code endToEnd} chooses (see {@link #inference(Boolean)}), in rectangular ({@code rect}) or square batches.
   */
  private ValResults val(String data, ValOptions given, Path json, Boolean endToEnd, boolean rect) {
    return val(data, given, json, endToEnd, rect, true, 4);
  }

  /** As above, with {@code overlap_mask} and {@code mask_ratio} for a segment model's ground-truth masks. */
  private ValResults val(String data, ValOptions given, Path json, Boolean endToEnd, boolean rect, boolean overlapMask,
      int maskRatio) {
    if (isClassifier()) {
      return valClassify(data, given.imgsz(), given.batch(), given.workers());
    }
    int imgsz = ImgszCheck.check(given.imgsz(), maxStride(), 0);
    ValOptions options = imgsz == given.imgsz() ? given : given.withImgsz(imgsz);
    warnEndToEndFixed(endToEnd);
    Validator v = (exported != null ? new Validator(exported) : new Validator(inference(endToEnd)))
        .savingJsonTo(json).rect(rect).masks(overlapMask, maskRatio);
    try (dev.yolojava.cuda.Cuda.DeviceGuard guard = dev.yolojava.cuda.Cuda.deviceGuard(device())) {
      return valEnded(new ValResults(YoloOutOfMemoryException.guard("val", options.batch(), options.imgsz(),
          () -> v.validate(data, options)))); // nothing on GPU 0 for cuda:1
    }
  }

  /**
   * Validates with an Ultralytics-style config ({@code data}, {@code imgsz}, {@code batch}, {@code conf},
   * {@code iou}, {@code max_det}, {@code half}, {@code plots}, {@code device}, ...).
   */
  public ValResults val(ValConfig cfg) {
    YoloArgs a = cfg.args();
    if (isClassifier()) {
      String data = a.data().or(this::checkpointData).orElseThrow(() -> new IllegalArgumentException(
          "val: 'data' is not set: expected the classification folder (train/ and val/ or test/ with a folder per"
              + " class)"));
      a.device().filter(d -> classifier != null).ifPresent(d -> moveTo(Device.parse(d)));
      return valClassify(data, a.changes().containsKey("imgsz") ? a.imgsz()[0] : classifyBackend().imgsz(),
          a.batch().intValue(), Math.max(1, a.workers()));
    }
    dev.yolojava.core.cfg.ArgSupport.check(a, "val"); // keys set that this build does not validate with are named
    String data = a.data().or(this::checkpointData).orElseThrow(() -> new IllegalArgumentException(
        "val: 'data' is not set: expected a data.yaml path or 'synthetic' (the model's checkpoint records none)"));
    Device valDevice = a.device().map(d -> Device.parse(d).requireAvailable()).orElse(null);
    if (valDevice != null && valDevice.cudaIndices().size() > 1 && exported == null) {
      // device=0,1: each GPU validates a shard; metrics identical to a single pass
      ValOptions o = new ValOptions(ImgszCheck.check(a.imgsz()[0], maxStride(), 0), a.batch().intValue(),
          (float) cfg.effectiveConf(), (float) a.iou(), a.maxDet(), true, a.singleCls(), Math.max(1, a.workers()),
          false, null, a.verbose(), a.classes());
      return valEnded(new ValResults(DistributedValidation.validateInThreads(model, data, o, valDevice,
          DistGroup.timeoutFromEnv(), a.end2end().orElse(true), v -> v.masks(a.overlapMask(), a.maskRatio()))));
    }
    a.device().filter(d -> model != null).ifPresent(d -> moveTo(Device.parse(d)));
    ValOptions o = new ValOptions(a.imgsz()[0], a.batch().intValue(), (float) cfg.effectiveConf(), (float) a.iou(),
        a.maxDet(), a.half() || device().isCuda(), a.singleCls(), Math.max(1, a.workers()), a.plots(),
        a.plots() ? dev.yolojava.core.cfg.SaveDirs.resolve(a) : null, a.verbose(), a.classes());
    Path json = a.saveJson() ? (o.saveDir() != null ? o.saveDir() : dev.yolojava.core.cfg.SaveDirs.resolve(a))
        .resolve("predictions.json") : null;
    return val(data, o, json, a.end2end().orElse(null), a.rect(), a.overlapMask(), a.maskRatio());
  }

  /** A classifier's validation on the {@code val} (else {@code test}) split of a classification folder. */
  private ValResults valClassify(String data, int imgsz, int batchGiven, int workers) {
    int batch = staticClassifierBatch(batchGiven);
    dev.yolojava.data.classify.ClassifyFolders folders = dev.yolojava.data.classify.ClassifyFolders.open(
        ClassifyValidator.dataFolder(data));
    dev.yolojava.core.engine.ClassifyBackend c = classifyBackend();
    try (dev.yolojava.cuda.Cuda.DeviceGuard guard = dev.yolojava.cuda.Cuda.deviceGuard(c.device())) {
      return valEnded(new ValResults(ClassifyValidator.validate(c, folders.split(folders.valSplitName()).verified(),
          ImgszCheck.check(imgsz, 32, 32), batch, workers, true)));
    }
  }

  /** The data set the checkpoint was trained on, as Ultralytics' {@code val} falls back to it; logged when used. */
  private java.util.Optional<String> checkpointData() {
    java.util.Map<String, Object> trainArgs = classifier != null ? classifier.trainArgs()
        : exportedClassifier != null ? java.util.Map.of()
        : model == null ? java.util.Map.of() : model.trainArgs();
    if (!(trainArgs.get("data") instanceof String d) || d.isBlank()) {
      return java.util.Optional.empty();
    }
    org.slf4j.LoggerFactory.getLogger(Yolo.class).info("val: data={} (from the checkpoint's training arguments)", d);
    return java.util.Optional.of(d);
  }

  private ValResults valEnded(ValResults r) {
    if (callbacks.containsKey("on_val_end")) {
      fire(new CallbackEvent("on_val_end", -1, -1, -1, null, null, TrainCallbackBridge.metrics(r.metrics()), null));
    }
    return r;
  }

  /**
   * Trains this model with an Ultralytics-style config and returns where the run went. As Ultralytics: data with
   * another class count trains a rebuilt head (every other matching weight transferred, the count logged), and
   * afterwards this object holds the run's {@code best.pt} (the data's class names included).
   */
  public TrainResults train(TrainConfig cfg) {
    requireEager("train");
    if (classifier != null) {
      TrainResult r = Training.train(classifier, cfg.args(), callbacks.isEmpty() ? null
          : new TrainCallbackBridge(this::fire));
      adoptBestClassifier(r, cfg);
      return new TrainResults(r);
    }
    // the one entry for every way in: device=0,1 (threads) or a torchrun-style environment (one JVM per rank) train
    // data-parallel; the trainer reports out-of-memory with the run's batch and image size itself
    TrainResult r = Training.train(model, cfg.args(), callbacks.isEmpty() ? null : new TrainCallbackBridge(this::fire));
    adoptBest(r, cfg);
    return new TrainResults(r);
  }

  private synchronized void adoptBestClassifier(TrainResult r, TrainConfig cfg) {
    Path weights = Files.isRegularFile(r.best()) ? r.best() : r.last();
    if (!Files.isRegularFile(weights)) {
      return;
    }
    Classifier best = Classifier.fromCheckpoint(YoloModel.readCheckpoint(weights), weights.toString());
    best.to(Device.parse(cfg.args().device().orElse("")).split().get(0));
    Classifier old = classifier;
    classifier = best;
    if (classifierInference != null) {
      classifierInference.close();
      classifierInference = null;
    }
    old.close();
  }

  /** Ultralytics' {@code Model.train} ends by loading {@code best.pt} into the model object: so does this. */
  private synchronized void adoptBest(TrainResult r, TrainConfig cfg) {
    if (r.saveDir() == null) {
      return; // not rank 0 of a multi-process job: rank 0 holds the run
    }
    // best.pt; with save=False the final epoch's last.pt when that epoch was not the best
    Path weights = Files.isRegularFile(r.best()) ? r.best() : r.last();
    if (!Files.isRegularFile(weights)) {
      return;
    }
    YoloModel best = YoloModel.load(weights);
    best.to(Device.parse(cfg.args().device().orElse("")).split().get(0));
    YoloModel old = model;
    model = best;
    if (inference != null) {
      retiredModels.add(inference); // predict pipelines of other threads may still hold it until close()
      inference = null;
    }
    if (inferenceOneToMany != null) {
      retiredModels.add(inferenceOneToMany);
      inferenceOneToMany = null;
    }
    old.close();
  }

  /**
   * Exports this model as Ultralytics does: by default next to its checkpoint with the format's extension
   * ({@code yolov8n.pt} to {@code yolov8n.onnx}); returns the written file.
   */
  public Path export(Export e) {
    requireEager("export");
    if (classifier != null) {
      return exportClassifier(e);
    }
    int[] sz = ImgszCheck.check(e.imgsz(), maxStride(), 0);
    Path file = e.file() != null ? e.file() : defaultExportFile(e.extension());
    OnnxExporter.Options o = new OnnxExporter.Options(e.batch(), sz[0], sz[1], e.dynamic(), e.opset());
    if (e.format().equals("engine")) {
      TensorRtEngines trt = TensorRtEngines.find(); // before the fused copy: a missing module fails at once
      return trt.export(inference(e.end2end()), new TensorRtEngines.ExportOptions(e.device(), e.half(),
          e.workspace() == null ? 0 : e.workspace(), o.batch(), o.height(), o.width(), o.dynamic(), o.opset()), file);
    }
    if (e.half()) {
      // accepted as Ultralytics accepts it, but not done: say so rather than write fp32 without a word
      org.slf4j.LoggerFactory.getLogger(Yolo.class).warn(
          "export: half=True is not supported for ONNX export in this build of yolo-java; writing fp32 weights"
              + " (fp16 comes with format=engine)");
    }
    YoloModel fused = inference(e.end2end());
    return OnnxExporter.export(fused.net(), OnnxExporter.metadata(fused.net(), fused.names(), o, fused.source()), o,
        file);
  }

  private Path exportClassifier(Export e) {
    if (e.format().equals("engine")) {
      throw new UnsupportedOperationException("export: format=engine (TensorRT) is not built for task=classify in"
          + " this build of yolo-java; export format=onnx");
    }
    if (e.half()) {
      org.slf4j.LoggerFactory.getLogger(Yolo.class).warn(
          "export: half=True is not supported for ONNX export in this build of yolo-java; writing fp32 weights");
    }
    int[] sz = ImgszCheck.check(e.imgszExplicit() ? e.imgsz() : new int[] {classifier.imgsz(), classifier.imgsz()}, 32,
        0);
    Path file = e.file() != null ? e.file() : defaultExportFile(e.extension());
    OnnxExporter.Options o = new OnnxExporter.Options(e.batch(), sz[0], sz[1], e.dynamic(), e.opset());
    Classifier fused = classifierInference();
    return OnnxExporter.export(fused.net(), OnnxExporter.metadata(fused.net(), fused.names(), o, fused.source()), o,
        file);
  }

  /** Exports from Ultralytics keys ({@code format}, {@code dynamic}, {@code imgsz}, ...); see {@link Export#fromMap}. */
  public Path export(java.util.Map<String, ?> args) {
    return export(Export.fromMap(args));
  }

  private Path defaultExportFile(String ext) {
    String src = classifier != null ? classifier.source() : model.source();
    if (src == null || src.isEmpty() || src.endsWith(".yaml") || src.endsWith(".yml")) {
      String name = classifier != null ? classifier.net().config().name() : model.net().config().name();
      return Paths.get((name.isEmpty() ? "model" : name) + ext);
    }
    Path p = Paths.get(src);
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return p.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ext);
  }

  private void requireEager(String op) {
    com.google.common.base.Preconditions.checkState(
        model != null || classifier != null,
        "%s: this is an exported ONNX model (predict only); %s from the .pt checkpoint or a .yaml instead",
        op,
        op);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (workers != null) {
        workers.close();
      }
      retired.forEach(PredictPipeline::close);
      retired.clear();
      workers = null;
      retiredModels.forEach(YoloModel::close);
      retiredModels.clear();
      if (inference != null) {
        inference.close();
        inference = null;
      }
      if (inferenceOneToMany != null) {
        inferenceOneToMany.close();
        inferenceOneToMany = null;
      }
    }
    if (exportedClassifier != null) {
      exportedClassifier.close();
      return;
    }
    if (classifier != null) {
      synchronized (this) {
        if (classifierInference != null) {
          classifierInference.close();
          classifierInference = null;
        }
      }
      classifier.close();
      return;
    }
    if (exported instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + exported.getClass().getSimpleName() + ": " + e.getMessage(), e);
      }
      return;
    }
    model.close();
  }
}
