package dev.yolojava.core.export.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.nn.Detect;
import dev.yolojava.core.nn.DetectionModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * Writes a {@link DetectionModel} as an ONNX detection model from its own graph: BatchNorm folded into the
 * convolutions, fp32 initializers, input {@code images [B, 3, H, W]}, output {@code output0} as Ultralytics
 * exports it ({@code [B, 4 + nc, N]} xywh + scores; end-to-end heads {@code [B, 300, 6]}; pose heads append each
 * anchor's keypoints, {@code k * d} values), and Ultralytics-style
 * metadata props.
 */
public final class OnnxExporter {
  /** ONNX IR version written (IR 9 goes with opsets up to 20). */
  static final int IR_VERSION = 9;

  /**
   * What to export.
   *
   * @param batch batch size (static), or the largest intended batch (dynamic; recorded in metadata)
   * @param height input height (multiple of the model's largest stride)
   * @param width input width
   * @param dynamic symbolic batch, height and width
   * @param opset ONNX default-domain opset, 18..20 (Split/ReduceMax take sizes/axes as inputs from 18 on)
   */
  public record Options(int batch, int height, int width, boolean dynamic, int opset) {
    public Options {
      checkArgument(batch >= 1, "export: batch is %s, expected >= 1", batch);
      checkArgument(height >= 32 && width >= 32, "export: imgsz is %sx%s, expected >= 32", height, width);
      checkArgument(opset >= 18 && opset <= 20, "export: opset is %s, expected 18..20", opset);
    }

    /** batch 1, 640x640, static, opset 19. */
    public static Options defaults() {
      return new Options(1, 640, 640, false, 19);
    }
  }

  private OnnxExporter() {}

  /** Ultralytics-style metadata for {@code model}. */
  public static Map<String, String> metadata(DetectionModel model, List<String> names, Options o, String source) {
    checkArgument(
        names.size() == model.nc(), "export: %s class names for a model with nc=%s", names.size(), model.nc());
    Map<String, String> m = commonMetadata(model.config().name(), source,
        Math.max(32, Arrays.stream(model.strides()).max().orElse(32)), model.task(), names, o);
    m.put("end2end", OnnxMetadata.pyBool(model.endToEnd()));
    int[] kpt = model.kptShape();
    if (kpt != null) {
      m.put("kpt_shape", "[" + kpt[0] + ", " + kpt[1] + "]");
    }
    m.put("args", "{'batch': " + o.batch() + ", 'half': False, 'dynamic': " + OnnxMetadata.pyBool(o.dynamic()) + ", 'nms': False}");
    return m;
  }

  /** The keys every export carries, in Ultralytics' order (description ... channels). */
  private static Map<String, String> commonMetadata(String name, String source, int stride, String task,
      List<String> names, Options o) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("description", "yolo-java " + name + " model" + (source == null ? "" : " from " + source));
    m.put("author", "yolo-java");
    m.put("date", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    m.put("version", "8.4.90");
    m.put("license", "AGPL-3.0 License (https://ultralytics.com/license)");
    m.put("stride", Integer.toString(stride));
    m.put("task", task);
    m.put("batch", Integer.toString(o.batch()));
    m.put("imgsz", "[" + o.height() + ", " + o.width() + "]");
    m.put("names", OnnxMetadata.formatNames(names));
    m.put("channels", "3");
    return m;
  }

  /** Ultralytics-style metadata for a classifier ({@code task: classify}, stride 1 as its model reports). */
  public static Map<String, String> metadata(dev.yolojava.core.nn.ClassificationModel model, List<String> names,
      Options o, String source) {
    checkArgument(
        names.size() == model.nc(), "export: %s class names for a model with nc=%s", names.size(), model.nc());
    Map<String, String> m = commonMetadata(model.config().name(), source, 1, "classify", names, o);
    m.put("args", "{'batch': " + o.batch() + ", 'half': False, 'dynamic': " + OnnxMetadata.pyBool(o.dynamic()) + ", 'nms': False}");
    return m;
  }

  /**
   * Exports a classifier: input {@code images (B, 3, H, W)}, output {@code output0 (B, nc)} class probabilities (the
   * softmax, as Ultralytics' exported {@code Classify} head gives).
   */
  public static Path export(dev.yolojava.core.nn.ClassificationModel model, Map<String, String> metadata, Options o,
      Path file) {
    OnnxGraph g = new OnnxGraph(0);
    String out;
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      out = model.trace(g, "images");
    }
    Proto graph = graphOf(g, o);
    graph.message(1, new Proto().string(1, out).string(2, "output0").string(3, "output0_identity").string(4, "Identity"));
    graph.message(12, valueInfo("output0", o.dynamic() ? new Object[] {"batch", (long) model.nc()}
        : new Object[] {(long) o.batch(), (long) model.nc()}));
    return write(graph, metadata, o, file);
  }

  /** Exports {@code model} (any mode; traced in eval semantics, not modified) to {@code file}; returns it. */
  public static Path export(DetectionModel model, Map<String, String> metadata, Options o, Path file) {
    int stride = Integer.parseInt(metadata.getOrDefault("stride", "32"));
    checkArgument(
        o.height() % stride == 0 && o.width() % stride == 0,
        "export: imgsz %sx%s must be a multiple of the max stride %s",
        o.height(),
        o.width(),
        stride);
    long anchors = 0;
    for (int s : model.strides()) {
      anchors += (long) (o.height() / s) * (o.width() / s);
    }
    OnnxGraph g = new OnnxGraph(anchors);
    String out;
    try (NoGradGuard ng = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      out = model.trace(g, "images");
    }
    Proto graph = graphOf(g, o);
    // rename the traced output to Ultralytics' name with an Identity node
    Proto identity = new Proto().string(1, out).string(2, "output0").string(3, "output0_identity").string(4, "Identity");
    graph.message(1, identity);
    int[] kpt = model.kptShape(); // a pose head appends each anchor's keypoints, a segment head its coefficients
    int extra = kpt != null ? kpt[0] * kpt[1]
        : model.head() instanceof dev.yolojava.core.nn.Segment s ? s.masks() : 0;
    long[] outShape =
        model.endToEnd()
            ? new long[] {o.batch(), Math.min(Detect.MAX_DET, anchors), 6 + extra}
            : new long[] {o.batch(), 4 + model.nc() + extra, anchors};
    Object[] outDims =
        o.dynamic()
            ? model.endToEnd()
                ? new Object[] {"batch", outShape[1], outShape[2]}
                : new Object[] {"batch", outShape[1], "anchors"}
            : new Object[] {outShape[0], outShape[1], outShape[2]};
    graph.message(12, valueInfo("output0", outDims));
    List<String> extraOutputs = g.extraOutputs();
    for (int i = 0; i < extraOutputs.size(); i++) { // a segmentation model's prototypes: [B, nm, H/4, W/4]
      String name = "output" + (i + 1);
      graph.message(1, new Proto().string(1, extraOutputs.get(i)).string(2, name).string(3, name + "_identity")
          .string(4, "Identity"));
      long nm = extra;
      graph.message(12, valueInfo(name, o.dynamic() ? new Object[] {"batch", nm, "mask_height", "mask_width"}
          : new Object[] {(long) o.batch(), nm, (long) o.height() / 4, (long) o.width() / 4}));
    }

    return write(graph, metadata, o, file);
  }

  /** The traced graph's nodes and weights, named main_graph, with the {@code images} input. */
  private static Proto graphOf(OnnxGraph g, Options o) {
    Proto graph = new Proto();
    g.nodes().forEach(n -> graph.message(1, n));
    graph.string(2, "main_graph");
    g.initializers().forEach(t -> graph.message(5, t));
    graph.message(11, valueInfo("images", dims(o, "batch", 3, "height", o.height(), "width", o.width())));
    return graph;
  }

  private static Path write(Proto graph, Map<String, String> metadata, Options o, Path file) {
    Proto modelProto = new Proto().int64(1, IR_VERSION).string(2, "yolo-java").string(3, "0.1.0");
    modelProto.message(7, graph);
    modelProto.message(8, new Proto().string(1, "").int64(2, o.opset()));
    metadata.forEach((k, v) -> modelProto.message(14, new Proto().string(1, k).string(2, v)));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream os = Files.newOutputStream(file)) {
        os.write(modelProto.toByteArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("export: cannot write " + file, e);
    }
    return file;
  }

  private static Object[] dims(Options o, String b, long c, String h, long hv, String w, long wv) {
    return o.dynamic() ? new Object[] {b, c, h, w} : new Object[] {(long) o.batch(), c, hv, wv};
  }

  /** ValueInfoProto of a float tensor; a String dim is symbolic. */
  private static Proto valueInfo(String name, Object[] dims) {
    Proto shape = new Proto();
    for (Object d : dims) {
      Proto dim = new Proto();
      if (d instanceof String s) {
        dim.string(2, s);
      } else {
        dim.int64(1, ((Number) d).longValue());
      }
      shape.message(1, dim);
    }
    Proto tensorType = new Proto().int64(1, OnnxGraph.FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }
}
