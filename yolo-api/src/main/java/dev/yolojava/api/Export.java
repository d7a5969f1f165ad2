package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.cfg.YoloArgs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Export settings with Ultralytics' names: {@code Export.onnx().dynamic(true).batch(8)}, or
 * {@link #fromMap} over {@code format}, {@code half}, {@code dynamic}, {@code opset}, {@code workspace},
 * {@code batch}, {@code imgsz}, {@code device} (the CLI's keys). Formats: {@code onnx}, {@code engine}.
 */
public final class Export {
  private static final Set<String> FORMATS = Set.of("onnx", "engine");
  private static final Set<String> KEYS =
      Set.of("format", "half", "dynamic", "opset", "workspace", "batch", "imgsz", "device", "file", "end2end");

  private final String format;
  private boolean half;
  private String device;
  private int[] imgsz = {640, 640};
  private boolean imgszExplicit; // a classifier exports at its training size unless told
  private boolean dynamic;
  private int batch = 1;
  private int opset = 19;
  private Double workspace;
  private Path file;
  private Boolean end2end;

  private Export(String format) {
    this.format = format;
  }

  /** ONNX (opset 19 by default). */
  public static Export onnx() {
    return new Export("onnx");
  }

  /** A TensorRT engine ({@code .engine}); needs the {@code dev.yolojava:yolo-tensorrt} module on the class path. */
  public static Export tensorrt() {
    return new Export("engine");
  }

  /** By Ultralytics format name: {@code onnx} or {@code engine}. */
  public static Export format(String name) {
    String f = name == null ? "" : name.toLowerCase(Locale.ROOT);
    checkArgument(FORMATS.contains(f), "export: format is '%s', expected one of %s", name, FORMATS);
    return new Export(f);
  }

  /**
   * From Ultralytics keys; unknown keys are an error naming them. Values are read and checked by {@link YoloArgs}
   * as the CLI reads them ({@code half="true"}, {@code imgsz=[480, 640]} or {@code "480,640"}, {@code batch=16.0});
   * null values are left unset.
   */
  public static Export fromMap(Map<String, ?> args) {
    for (String k : args.keySet()) {
      checkArgument(KEYS.contains(k), "export: unknown argument '%s', expected one of %s", k, KEYS);
    }
    Export e = format(String.valueOf(args.containsKey("format") ? args.get("format") : "onnx"));
    if (args.get("file") != null) {
      e.file(Path.of(String.valueOf(args.get("file"))));
    }
    Map<String, Object> given = new LinkedHashMap<>();
    args.forEach((k, v) -> {
      if (v != null && !k.equals("format") && !k.equals("file")) {
        given.put(k, v);
      }
    });
    YoloArgs a = typed(given);
    if (given.containsKey("half")) {
      e.half(a.half());
    }
    if (given.containsKey("dynamic")) {
      e.dynamic(a.dynamic());
    }
    if (given.containsKey("batch")) {
      Number b = a.batch();
      checkArgument(b instanceof Integer, "export: batch is %s, expected an int >= 1 (AutoBatch is for training)", b);
      e.batch(b.intValue());
    }
    if (given.containsKey("imgsz")) {
      e.imgsz(a.imgsz());
    }
    a.opset().ifPresent(e::opset);
    a.workspace().ifPresent(e::workspace);
    a.device().ifPresent(e::device);
    a.end2end().ifPresent(e::end2end);
    return e;
  }

  /** The export keys through YoloArgs's reading and checks, with its messages under an {@code export:} prefix. */
  private static YoloArgs typed(Map<String, Object> given) {
    try {
      return YoloArgs.parse(given);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("export: " + ex.getMessage(), ex);
    }
  }

  /** fp16 (TensorRT builder flag; ONNX files keep fp32 weights). */
  public Export half(boolean on) {
    half = on;
    return this;
  }

  /**
   * {@code end2end}: false exports an end-to-end (YOLO26) model's one-to-many branch ({@code (B, 4 + nc, A)},
   * NMS left to the runtime), as Ultralytics does; null or true keeps the model's head.
   */
  public Export end2end(Boolean on) {
    end2end = on;
    return this;
  }

  /** The {@code end2end} setting, or null for the model's. */
  public Boolean end2end() {
    return end2end;
  }

  /** The device to build on ({@code 0}, {@code cuda:1}); TensorRT only. */
  public Export device(String d) {
    device = d;
    return this;
  }

  /** Input size: one value (square) or {@code h, w}. */
  public Export imgsz(int... size) {
    checkArgument(size.length == 1 || size.length == 2, "export: imgsz has %s values, expected 1 or 2", size.length);
    imgsz = size.length == 1 ? new int[] {size[0], size[0]} : size.clone();
    imgszExplicit = true;
    return this;
  }

  /** Symbolic batch and image size. */
  public Export dynamic(boolean on) {
    dynamic = on;
    return this;
  }

  /** Batch size (static), or the largest batch of a dynamic export. */
  public Export batch(int b) {
    checkArgument(b >= 1, "export: batch is %s, expected >= 1", b);
    batch = b;
    return this;
  }

  /** ONNX opset. */
  public Export opset(int v) {
    opset = v;
    return this;
  }

  /** TensorRT builder workspace limit in GiB. */
  public Export workspace(double gib) {
    checkArgument(gib > 0, "export: workspace is %s GiB, expected > 0", gib);
    workspace = gib;
    return this;
  }

  /** Output file; default: next to the model with the format's extension. */
  public Export file(Path f) {
    file = f;
    return this;
  }

  public String format() {
    return format;
  }

  public boolean half() {
    return half;
  }

  public String device() {
    return device;
  }

  /** Whether {@code imgsz} was set (else a classifier exports at the size it was trained at, as Ultralytics). */
  public boolean imgszExplicit() {
    return imgszExplicit;
  }

  public int[] imgsz() {
    return imgsz.clone();
  }

  public boolean dynamic() {
    return dynamic;
  }

  public int batch() {
    return batch;
  }

  public int opset() {
    return opset;
  }

  /** Workspace in GiB, or null for TensorRT's default. */
  public Double workspace() {
    return workspace;
  }

  /** The output file, or null for the default. */
  public Path file() {
    return file;
  }

  /** The file extension of the format. */
  String extension() {
    return format.equals("engine") ? ".engine" : ".onnx";
  }
}
