package dev.yolojava.core.cfg;

import static dev.yolojava.core.cfg.ArgKind.BATCH;
import static dev.yolojava.core.cfg.ArgKind.BOOL;
import static dev.yolojava.core.cfg.ArgKind.BOOL_OR_STR;
import static dev.yolojava.core.cfg.ArgKind.CACHE;
import static dev.yolojava.core.cfg.ArgKind.DEVICE;
import static dev.yolojava.core.cfg.ArgKind.FLOAT;
import static dev.yolojava.core.cfg.ArgKind.FRACTION;
import static dev.yolojava.core.cfg.ArgKind.IMGSZ;
import static dev.yolojava.core.cfg.ArgKind.INT;
import static dev.yolojava.core.cfg.ArgKind.INT_LIST;
import static dev.yolojava.core.cfg.ArgKind.INT_OR_LIST;
import static dev.yolojava.core.cfg.ArgKind.MODE;
import static dev.yolojava.core.cfg.ArgKind.QUANTIZE;
import static dev.yolojava.core.cfg.ArgKind.SCALE;
import static dev.yolojava.core.cfg.ArgKind.STR;
import static dev.yolojava.core.cfg.ArgKind.TASK;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Optional;

/**
 * Every key of Ultralytics 8.4.90's {@code cfg/default.yaml}, in that file's order, with its default and type. The
 * whole namespace is kept (not only detection's keys) so that any {@code args.yaml} or checkpoint {@code train_args}
 * Ultralytics writes can be read back.
 */
public final class ArgCatalog {
  /** The tasks Ultralytics knows; this library runs {@code detect}. */
  public static final List<String> TASKS = List.of("detect", "segment", "classify", "pose", "obb", "semantic");

  /** The modes Ultralytics knows. */
  public static final List<String> MODES = List.of("train", "val", "predict", "export", "track", "benchmark");

  /** Extra keys accepted besides the defaults: the run directory Ultralytics adds to every {@code args.yaml}. */
  public static final String SAVE_DIR = "save_dir";

  private static final ImmutableMap<String, ArgSpec> SPECS = build();

  private ArgCatalog() {}

  /** All specs, keyed and ordered as in {@code default.yaml}. */
  public static ImmutableMap<String, ArgSpec> specs() {
    return SPECS;
  }

  /** The spec of {@code key}, if it is a configuration key. */
  public static Optional<ArgSpec> spec(String key) {
    return Optional.ofNullable(SPECS.get(key));
  }

  private static ImmutableMap<String, ArgSpec> build() {
    Table t = new Table();
    t.section("General");
    t.add("task", TASK, "detect", "YOLO task: detect, segment, classify, pose, obb or semantic");
    t.add("mode", MODE, "train", "YOLO mode: train, val, predict, export, track or benchmark");

    t.section("Train");
    t.add("model", STR, null, "model file, a checkpoint (yolo26n.pt) or a model YAML (yolo26n.yaml)");
    t.add("data", STR, null, "dataset YAML, e.g. coco8.yaml");
    t.add("epochs", INT, 100, "number of training epochs");
    t.add("time", FLOAT, null, "maximum training time in hours; overrides epochs when set");
    t.add("patience", INT, 100, "stop early after this many epochs without validation improvement");
    t.add("batch", BATCH, 16, "batch size; below 1 for AutoBatch (-1, or a fraction of GPU memory)");
    t.add("imgsz", IMGSZ, 640, "input size: one int (square) for train/val, [h, w] allowed for predict/export");
    t.add("save", BOOL, true, "save training checkpoints and prediction results");
    t.add("save_period", INT, -1, "also save a checkpoint every N epochs; off when below 1");
    t.add("cache", CACHE, false, "cache images in RAM (True or 'ram') or on 'disk'; False for none");
    t.add("device", DEVICE, null, "device: 0 or 0,1 for CUDA, cpu, or -1 for the idlest GPU; unset picks one");
    t.add("workers", INT, 8, "data-loading worker threads (per rank under DDP)");
    t.add("project", STR, null, "project directory of the run; relative ones go under runs/TASK");
    t.add("name", STR, null, "run name, the leaf of project/name; defaults to the mode");
    t.add("exist_ok", BOOL, false, "reuse an existing project/name instead of incrementing it");
    t.add("pretrained", BOOL_OR_STR, true, "start from pretrained weights (True) or from the weights at this path");
    t.add("cls_remap", BOOL, true, "on fine-tuning, remap the classification head rows by class name");
    t.add("optimizer", STR, "auto", "optimizer: SGD, MuSGD, Adam, Adamax, AdamW, NAdam, RAdam, RMSProp or auto");
    t.add("verbose", BOOL, true, "log verbosely during training and validation");
    t.add("seed", INT, 0, "random seed");
    t.add("deterministic", BOOL, true, "use deterministic algorithms (reproducible, can be slower)");
    t.add("single_cls", BOOL, false, "treat every class as one class");
    t.add("rect", BOOL, false, "rectangular batches (minimal padding)");
    t.add("cos_lr", BOOL, false, "cosine learning-rate schedule instead of linear");
    t.add("close_mosaic", INT, 10, "turn mosaic off for the last N epochs (0 keeps it on)");
    t.add("resume", BOOL_OR_STR, false, "resume the last run (True) or the checkpoint at this path");
    t.add("amp", BOOL, true, "Automatic Mixed Precision training (after a capability check)");
    t.add("fraction", FRACTION, 1.0, "fraction of the training set to use");
    t.add("profile", BOOL, false, "profile ONNX/TensorRT speeds during training, for loggers");
    t.add("freeze", INT_OR_LIST, null, "freeze the first N layers (int) or the listed layer indices");
    t.add("multi_scale", FRACTION, 0.0, "multi-scale training range as a fraction of imgsz");
    t.add("compile", BOOL_OR_STR, false, "torch.compile the model: True, False or a compile mode");

    t.section("Segmentation");
    t.add("overlap_mask", BOOL, true, "merge instance masks into one mask in training and val (segment)");
    t.add("mask_ratio", INT, 4, "mask downsampling ratio (segment)");

    t.section("Classification");
    t.add("dropout", FRACTION, 0.0, "dropout of the classification head (classify)");

    t.section("Val");
    t.add("val", BOOL, true, "validate during training");
    t.add("split", STR, "val", "dataset split to validate on: val, test or train");
    t.add("save_json", BOOL, false, "write COCO-format JSON results");
    t.add("conf", FRACTION, null, "confidence threshold; unset means 0.25 for predict and 0.001 for val");
    t.add("iou", FRACTION, 0.7, "IoU threshold of NMS");
    t.add("max_det", INT, 300, "maximum detections per image");
    t.add("quantize", QUANTIZE, null, "precision: 16/fp16 (half), 32/fp32 or unset (full), 8/int8 for export");
    t.add("dnn", BOOL, false, "use OpenCV DNN for ONNX inference");
    t.add("plots", BOOL, true, "save plots and sample images during train/val");
    t.add("end2end", BOOL, null, "use the end-to-end (NMS-free) head of YOLO26/YOLOv10 models; unset: the model's");

    t.section("Predict");
    t.add("source", STR, null, "images, a directory, a URL, a video or a stream to predict on");
    t.add("vid_stride", INT, 1, "read every Nth video frame");
    t.add("stream_buffer", BOOL, false, "buffer every stream frame (True) or keep only the latest (False)");
    t.add("visualize", BOOL, false, "visualize model features (predict) or TP/FP/FN (val)");
    t.add("augment", BOOL, false, "test-time augmentation");
    t.add("agnostic_nms", BOOL, false, "class-agnostic NMS");
    t.add("classes", INT_LIST, null, "keep only these class ids, e.g. [0, 2]");
    t.add("retina_masks", BOOL, false, "full-resolution segmentation masks (segment)");
    t.add("embed", INT_LIST, null, "return feature embeddings of these layer indices");

    t.section("Visualize");
    t.add("show", BOOL, false, "show images or videos in a window");
    t.add("save_frames", BOOL, false, "save each frame of video predictions");
    t.add("save_txt", BOOL, false, "save results as .txt label files");
    t.add("save_conf", BOOL, false, "include confidences in saved .txt results");
    t.add("save_crop", BOOL, false, "save the image crop of each detection");
    t.add("show_labels", BOOL, true, "draw class labels");
    t.add("show_conf", BOOL, true, "draw confidences");
    t.add("show_boxes", BOOL, true, "draw boxes");
    t.add("line_width", INT, null, "box line width; unset scales with the image");

    t.section("Export");
    t.add("format", STR, "torchscript", "export format: torchscript, onnx, openvino, engine, coreml, ...");
    t.add("keras", BOOL, false, "use Keras layers (saved_model export)");
    t.add("optimize", BOOL, false, "mobile optimisation (TorchScript export)");
    t.add("dynamic", BOOL, false, "dynamic input shapes in the exported model");
    t.add("simplify", BOOL, true, "simplify the exported ONNX graph");
    t.add("opset", INT, null, "ONNX opset version; unset uses a tested default");
    t.add("workspace", FLOAT, null, "TensorRT workspace size in GiB");
    t.add("nms", BOOL, false, "include NMS in the exported model where the backend allows");

    t.section("Hyperparameters");
    t.add("lr0", FRACTION, 0.01, "initial learning rate");
    t.add("lrf", FRACTION, 0.01, "final learning rate as a fraction of lr0");
    t.add("momentum", FRACTION, 0.937, "SGD momentum or Adam beta1");
    t.add("weight_decay", FRACTION, 0.0005, "weight decay (L2)");
    t.add("warmup_epochs", FLOAT, 3.0, "warmup length in epochs (may be fractional)");
    t.add("warmup_momentum", FRACTION, 0.8, "momentum at the start of warmup");
    t.add("warmup_bias_lr", FRACTION, 0.1, "bias learning rate at the start of warmup");
    t.add("distill_model", STR, null, "teacher model for knowledge distillation");
    t.add("dis", FLOAT, 6.0, "distillation loss gain");
    t.add("box", FLOAT, 7.5, "box loss gain");
    t.add("cls", FLOAT, 0.5, "classification loss gain");
    t.add("cls_pw", FRACTION, 0.0, "power of the inverse class-frequency weights (0 off, 1 full)");
    t.add("dfl", FLOAT, 1.5, "distribution focal loss gain");
    t.add("pose", FLOAT, 12.0, "pose loss gain (pose)");
    t.add("kobj", FLOAT, 1.0, "keypoint objectness loss gain (pose)");
    t.add("rle", FLOAT, 1.0, "RLE loss gain (pose)");
    t.add("angle", FLOAT, 1.0, "angle loss gain (obb)");
    t.add("nbs", INT, 64, "nominal batch size the loss and weight decay are scaled to");
    t.add("hsv_h", FRACTION, 0.015, "HSV hue augmentation (fraction)");
    t.add("hsv_s", FRACTION, 0.7, "HSV saturation augmentation (fraction)");
    t.add("hsv_v", FRACTION, 0.4, "HSV value augmentation (fraction)");
    t.add("degrees", FLOAT, 0.0, "rotation augmentation (+/- degrees)");
    t.add("translate", FRACTION, 0.1, "translation augmentation (+/- fraction)");
    t.add("scale", SCALE, 0.5, "scale augmentation gain (+/-), or an explicit [min, max]");
    t.add("shear", FLOAT, 0.0, "shear augmentation (+/- degrees)");
    t.add("perspective", FRACTION, 0.0, "perspective augmentation (fraction, 0-0.001 typical)");
    t.add("flipud", FRACTION, 0.0, "vertical flip probability");
    t.add("fliplr", FRACTION, 0.5, "horizontal flip probability");
    t.add("bgr", FRACTION, 0.0, "RGB/BGR channel swap probability");
    t.add("mosaic", FRACTION, 1.0, "mosaic probability");
    t.add("mixup", FRACTION, 0.0, "MixUp probability");
    t.add("cutmix", FRACTION, 0.0, "CutMix probability");
    t.add("copy_paste", FRACTION, 0.0, "copy-paste probability (segment)");
    t.add("copy_paste_mode", STR, "flip", "copy-paste strategy: flip or mixup (segment)");
    t.add("auto_augment", STR, "randaugment", "augmentation policy: randaugment, autoaugment or augmix (classify)");
    t.add("erasing", FRACTION, 0.4, "random erasing probability (classify)");

    t.section("Custom config");
    t.add("cfg", STR, null, "a YAML file whose keys override the defaults");

    t.section("Tracker");
    t.add("tracker", STR, "tracktrack.yaml", "tracker YAML: botsort.yaml, bytetrack.yaml, tracktrack.yaml, ...");
    return t.map.build();
  }

  /** Collects specs in declaration order under the current section. */
  private static final class Table {
    private final ImmutableMap.Builder<String, ArgSpec> map = ImmutableMap.builder();
    private String section;

    void section(String name) {
      section = name;
    }

    void add(String key, ArgKind kind, Object defaultValue, String description) {
      map.put(key, new ArgSpec(key, section, kind, defaultValue, description));
    }
  }
}
