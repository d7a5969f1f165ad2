package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
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
      Set.of("format", "half", "dynamic", "opset", "workspace", "batch", "imgsz", "device", "file");

  private final String format;
  private boolean half;
  private String device;
  private int[] imgsz = {640, 640};
  private boolean dynamic;
  private int batch = 1;
  private int opset = 19;
  private Double workspace;
  private Path file;

  private Export(String format) {
    this.format = format;
  }

  /** ONNX (opset 19 by default). */
  public static Export onnx() {
    return new Export("onnx");
  }

  /** A TensorRT engine ({@code .engine}). */
  public static Export tensorrt() {
    return new Export("engine");
  }

  /** By Ultralytics format name: {@code onnx} or {@code engine}. */
  public static Export format(String name) {
    String f = name == null ? "" : name.toLowerCase(Locale.ROOT);
    checkArgument(FORMATS.contains(f), "export: format is '%s', expected one of %s", name, FORMATS);
    return new Export(f);
  }

  /** From Ultralytics keys; unknown keys are an error naming them. */
  public static Export fromMap(Map<String, ?> args) {
    for (String k : args.keySet()) {
      checkArgument(KEYS.contains(k), "export: unknown argument '%s', expected one of %s", k, KEYS);
    }
    Export e = format(String.valueOf(args.containsKey("format") ? args.get("format") : "onnx"));
    if (args.get("half") != null) {
      e.half(bool(args.get("half"), "half"));
    }
    if (args.get("dynamic") != null) {
      e.dynamic(bool(args.get("dynamic"), "dynamic"));
    }
    if (args.get("opset") != null) {
      e.opset(integer(args.get("opset"), "opset"));
    }
    if (args.get("batch") != null) {
      e.batch(integer(args.get("batch"), "batch"));
    }
    if (args.get("workspace") != null) {
      e.workspace(Double.parseDouble(String.valueOf(args.get("workspace"))));
    }
    if (args.get("device") != null) {
      e.device(String.valueOf(args.get("device")));
    }
    if (args.get("file") != null) {
      e.file(Path.of(String.valueOf(args.get("file"))));
    }
    Object sz = args.get("imgsz");
    if (sz instanceof List<?> l) {
      e.imgsz(l.stream().mapToInt(v -> integer(v, "imgsz")).toArray());
    } else if (sz != null) {
      e.imgsz(integer(sz, "imgsz"));
    }
    return e;
  }

  private static boolean bool(Object v, String key) {
    String s = String.valueOf(v).toLowerCase(Locale.ROOT);
    checkArgument(s.equals("true") || s.equals("false"), "export: '%s' is '%s', expected true or false", key, v);
    return Boolean.parseBoolean(s);
  }

  private static int integer(Object v, String key) {
    try {
      return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("export: '" + key + "' is '" + v + "', expected an integer", ex);
    }
  }

  /** fp16 (TensorRT builder flag; ONNX files keep fp32 weights). */
  public Export half(boolean on) {
    half = on;
    return this;
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
