package dev.yolojava.core.cfg;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this build does with each key of {@link ArgCatalog}: in which modes Ultralytics reads it, and in which of those
 * this build honours a value other than the default. A key set to another value where it is not honoured is
 * accepted (Ultralytics' arguments files stay readable) and warned about once per key and mode, naming it; with
 * {@code -Dyolo.strict=true} it is an error instead. The table is the audit of which code reads each key (every
 * "honoured" entry has a behavioural use); {@code docs/configuration.md} shows it.
 */
public final class ArgSupport {
  private static final Logger LOG = LoggerFactory.getLogger(ArgSupport.class);

  /** The modes a key can matter in. */
  public enum Mode {
    TRAIN, VAL, PREDICT, EXPORT;

    static Mode parse(String mode) {
      return valueOf(mode.toUpperCase(Locale.ROOT));
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One key's support.
   *
   * @param used the modes in which Ultralytics reads the key
   * @param honoured the modes in which this build does what a non-default value asks
   * @param otherTask the task the key belongs to when it is not detection's (segment, pose, ...), else null
   * @param note what the user should know where the key is not honoured, or ""
   */
  public record Support(Set<Mode> used, Set<Mode> honoured, String otherTask, String note) {
    /** Whether a non-default value is honoured in {@code mode} (true where Ultralytics ignores the key too). */
    public boolean honouredIn(Mode mode) {
      return otherTask == null && (!used.contains(mode) || honoured.contains(mode));
    }

    /** For the configuration reference: {@code yes}, {@code no}, {@code val, predict only}, ... */
    public String summary() {
      if (otherTask != null) {
        return honoured.isEmpty() ? "no (" + otherTask + " only)" : otherTask + " "
            + honoured.stream().map(Mode::label).collect(Collectors.joining(", ")) + " only"
            + (note.isEmpty() ? "" : "; " + note);
      }
      if (used.isEmpty()) {
        return note.isEmpty() ? "no" : "no; " + note;
      }
      String s;
      if (honoured.containsAll(used)) {
        s = "yes";
      } else if (honoured.isEmpty()) {
        s = "no";
      } else {
        s = honoured.stream().map(Mode::label).collect(Collectors.joining(", ")) + " only";
      }
      return note.isEmpty() ? s : s + "; " + note;
    }
  }

  private static final ImmutableMap<String, Support> TABLE = build();
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ArgSupport() {}

  /** The support of {@code key}; every catalogue key has one. */
  public static Support of(String key) {
    Support s = TABLE.get(key);
    if (s == null) {
      throw new IllegalArgumentException("'" + key + "' is not a configuration key");
    }
    return s;
  }

  /** Every key's support, in catalogue order. */
  public static Map<String, Support> all() {
    return TABLE;
  }

  /**
   * The keys of {@code args} set to a non-default value that {@code mode} ({@code train}, {@code val},
   * {@code predict} or {@code export}) does not honour, one message each; each is logged as a warning the first
   * time it is seen in this JVM. With {@code -Dyolo.strict=true} the first one is thrown instead.
   *
   * @throws IllegalArgumentException in strict mode, for the first such key
   */
  public static List<String> check(YoloArgs args, String mode) {
    Mode m = Mode.parse(mode);
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : args.changes().entrySet()) {
      Support s = TABLE.get(e.getKey());
      if (s == null || s.honouredIn(m) || !s.used().contains(m) && s.otherTask() == null) {
        continue;
      }
      out.add(message(e.getKey(), e.getValue(), m, s));
    }
    boolean strict = Boolean.getBoolean("yolo.strict");
    for (String msg : out) {
      if (strict) {
        throw new IllegalArgumentException(msg + " (-Dyolo.strict=true)");
      }
      if (WARNED.add(msg)) {
        LOG.warn(msg);
      }
    }
    return out;
  }

  private static String message(String key, Object value, Mode mode, Support s) {
    String what = key + "=" + PyText.str(value);
    if (s.otherTask() != null) {
      return what + " is for " + s.otherTask() + " models, which this build of yolo-java does not train, so it is"
          + " ignored";
    }
    return what + " is not supported by this build of yolo-java in " + mode.label() + " and is ignored"
        + (s.note().isEmpty() ? "" : " (" + s.note() + ")");
  }

  private static ImmutableMap<String, Support> build() {
    Map<String, Support> t = new java.util.LinkedHashMap<>();
    // key, modes Ultralytics reads it in, modes honoured here, note (t=train v=val p=predict e=export)
    row(t, "task", "tvpe", "tvpe", "the model's head decides, as for an Ultralytics checkpoint; a task word that differs"
        + " is named and the model's task used. Pose and classify: train, val, predict and ONNX export; segment: train"
        + " and ONNX export (not YOLO26-seg), val and predict");
    row(t, "mode", "tvpe", "tvpe", "");
    row(t, "model", "tvpe", "tvpe", "");
    row(t, "data", "tv", "tv", "");
    row(t, "epochs", "t", "t", "");
    row(t, "time", "t", "t", "");
    row(t, "patience", "t", "t", "");
    row(t, "batch", "tvpe", "tvpe", "");
    row(t, "imgsz", "tvpe", "tvpe", "");
    row(t, "save", "tp", "tp", "");
    row(t, "save_period", "t", "t", "");
    row(t, "cache", "t", "t", "");
    row(t, "device", "tvpe", "tvpe", "");
    row(t, "workers", "tv", "tv", "");
    row(t, "project", "tvp", "tvp", "");
    row(t, "name", "tvp", "tvp", "");
    row(t, "exist_ok", "tvp", "tvp", "");
    row(t, "pretrained", "t", "t", "");
    row(t, "cls_remap", "t", "", "heads are transferred by name and shape");
    row(t, "optimizer", "t", "t", "");
    row(t, "verbose", "v", "v", "");
    row(t, "seed", "t", "t", "");
    row(t, "deterministic", "t", "t", "");
    row(t, "single_cls", "tv", "tv", "");
    row(t, "rect", "tv", "v", "rectangular training is not in this build");
    row(t, "cos_lr", "t", "t", "");
    row(t, "close_mosaic", "t", "t", "");
    row(t, "resume", "t", "t", "");
    row(t, "amp", "t", "t", "");
    row(t, "fraction", "t", "t", "");
    row(t, "profile", "t", "", "ONNX and TensorRT timings for experiment loggers, which this build does not have");
    row(t, "freeze", "t", "t", "");
    row(t, "multi_scale", "t", "t", "");
    row(t, "compile", "tvp", "", "torch.compile has no libtorch counterpart");
    row(t, "overlap_mask", "tv", "tv", "segment models' ground-truth masks");
    row(t, "mask_ratio", "tv", "tv", "segment models' ground-truth masks");
    otherBuilt(t, "dropout", "classify", "t", "");
    row(t, "val", "t", "t", "");
    row(t, "split", "v", "", "val always reads the val split");
    row(t, "save_json", "tv", "v", "");
    row(t, "conf", "tvp", "vp", "validation during training uses 0.001");
    row(t, "iou", "tvp", "vp", "validation during training uses 0.7");
    row(t, "max_det", "tvp", "vp", "validation during training uses 300");
    row(t, "quantize", "vpe", "pe", "val runs fp16 on CUDA and fp32 on the CPU");
    row(t, "dnn", "vp", "", "");
    row(t, "plots", "tv", "tv", "");
    row(t, "end2end", "vpe", "vpe", "");
    row(t, "source", "p", "p", "");
    row(t, "vid_stride", "p", "p", "");
    row(t, "stream_buffer", "p", "p", "");
    row(t, "visualize", "vp", "", "");
    row(t, "augment", "vp", "", "");
    row(t, "agnostic_nms", "vp", "p", "");
    row(t, "classes", "tvp", "tvp", "");
    row(t, "retina_masks", "p", "p", "segmentation models");
    row(t, "embed", "p", "", "");
    row(t, "show", "p", "", "");
    row(t, "save_frames", "p", "p", "");
    row(t, "save_txt", "vp", "p", "");
    row(t, "save_conf", "vp", "p", "");
    row(t, "save_crop", "p", "p", "");
    row(t, "show_labels", "p", "p", "");
    row(t, "show_conf", "p", "p", "");
    row(t, "show_boxes", "p", "", "");
    row(t, "line_width", "p", "p", "");
    row(t, "format", "e", "e", "onnx and engine");
    row(t, "keras", "e", "", "");
    row(t, "optimize", "e", "", "");
    row(t, "dynamic", "e", "e", "");
    row(t, "simplify", "e", "", "the ONNX graph is written without redundant nodes");
    row(t, "opset", "e", "e", "");
    row(t, "workspace", "e", "e", "");
    row(t, "nms", "e", "", "");
    for (String k : List.of("lr0", "lrf", "momentum", "weight_decay", "warmup_epochs", "warmup_momentum",
        "warmup_bias_lr", "box", "cls", "dfl", "nbs", "hsv_h", "hsv_s", "hsv_v", "degrees", "translate", "scale",
        "shear", "perspective", "flipud", "fliplr", "bgr", "mosaic", "mixup", "cutmix")) {
      row(t, k, "t", "t", "");
    }
    row(t, "distill_model", "t", "", "");
    row(t, "dis", "t", "", "");
    row(t, "cls_pw", "t", "t", "");
    row(t, "pose", "t", "t", "pose models' keypoint loss gain");
    row(t, "kobj", "t", "t", "pose models' keypoint visibility loss gain");
    row(t, "rle", "t", "t", "YOLO26 pose models' residual log-likelihood loss gain");
    other(t, "angle", "obb");
    row(t, "copy_paste", "t", "", "segment models: CopyPaste is not in this build");
    row(t, "copy_paste_mode", "t", "", "segment models: CopyPaste is not in this build");
    otherBuilt(t, "auto_augment", "classify", "t", "randaugment or empty (ColorJitter); augmix and autoaugment are"
        + " not built and say so");
    otherBuilt(t, "erasing", "classify", "t", "");
    row(t, "cfg", "tvpe", "tvpe", "");
    row(t, "tracker", "", "", "track mode is not in this build");
    // every key of the catalogue, in its order
    ImmutableMap.Builder<String, Support> b = ImmutableMap.builder();
    for (String key : ArgCatalog.specs().keySet()) {
      b.put(key, Objects.requireNonNull(t.get(key), () -> "ArgSupport has no row for '" + key + "'"));
    }
    if (t.size() != ArgCatalog.specs().size()) {
      throw new IllegalStateException("ArgSupport rows " + t.keySet() + " are not the catalogue's keys");
    }
    return b.build();
  }

  private static void row(Map<String, Support> t, String key, String used, String honoured, String note) {
    t.put(key, new Support(modes(used), modes(honoured), null, note));
  }

  private static void other(Map<String, Support> t, String key, String task) {
    t.put(key, new Support(EnumSet.noneOf(Mode.class), EnumSet.noneOf(Mode.class), task, ""));
  }

  /** A key of another task's that this build honours there (in {@code honoured}); other tasks ignore it. */
  private static void otherBuilt(Map<String, Support> t, String key, String task, String honoured, String note) {
    t.put(key, new Support(EnumSet.noneOf(Mode.class), modes(honoured), task, note));
  }

  private static Set<Mode> modes(String letters) {
    EnumSet<Mode> s = EnumSet.noneOf(Mode.class);
    for (char c : letters.toCharArray()) {
      s.add(switch (c) {
        case 't' -> Mode.TRAIN;
        case 'v' -> Mode.VAL;
        case 'p' -> Mode.PREDICT;
        case 'e' -> Mode.EXPORT;
        default -> throw new IllegalArgumentException("mode letter '" + c + "'");
      });
    }
    return java.util.Collections.unmodifiableSet(s);
  }
}
