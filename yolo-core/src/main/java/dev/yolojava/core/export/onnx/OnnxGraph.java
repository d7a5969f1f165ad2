package dev.yolojava.core.export.onnx;

import dev.yolojava.core.nn.GraphSink;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Collects a traced model as ONNX {@code NodeProto}s and {@code TensorProto} initializers (field numbers from
 * {@code onnx.proto}); weights are copied out as fp32 when recorded, so the model's tensors may be freed after.
 */
final class OnnxGraph implements GraphSink {
  // onnx.proto TensorProto.DataType
  static final int FLOAT = 1;
  static final int INT64 = 7;

  private final List<Proto> nodes = new ArrayList<>();
  private final List<Proto> initializers = new ArrayList<>();
  private final Map<String, String> constants = new HashMap<>();
  private final long anchorCount;
  private int next;

  /** @param anchorCount anchors at the export size, bounding the end-to-end top-k as in eager inference */
  OnnxGraph(long anchorCount) {
    this.anchorCount = anchorCount;
  }

  List<Proto> nodes() {
    return nodes;
  }

  List<Proto> initializers() {
    return initializers;
  }

  private String fresh(String prefix) {
    return prefix + "_" + next++;
  }

  /** Adds a node; returns its output names. */
  List<String> node(String op, List<String> inputs, int outputs, Proto... attributes) {
    Proto n = new Proto();
    for (String in : inputs) {
      n.string(1, in);
    }
    List<String> outs = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      String o = fresh("/" + op);
      outs.add(o);
      n.string(2, o);
    }
    n.string(3, fresh(op + "_node")).string(4, op);
    for (Proto a : attributes) {
      n.message(5, a);
    }
    nodes.add(n);
    return outs;
  }

  String node1(String op, List<String> inputs, Proto... attributes) {
    return node(op, inputs, 1, attributes).get(0);
  }

  static Proto attr(String name, long v) {
    return new Proto().string(1, name).int64(3, v).int64(20, 2);
  }

  static Proto attr(String name, long[] v) {
    Proto a = new Proto().string(1, name);
    for (long x : v) {
      a.int64(8, x);
    }
    return a.int64(20, 7);
  }

  static Proto attr(String name, String v) {
    return new Proto().string(1, name).bytes(4, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)).int64(20, 3);
  }

  private String initializer(String prefix, int dataType, long[] dims, byte[] raw) {
    String name = fresh(prefix);
    Proto t = new Proto();
    for (long d : dims) {
      t.int64(1, d);
    }
    t.int64(2, dataType).string(8, name).bytes(9, raw);
    initializers.add(t);
    return name;
  }

  /** A float tensor's values as an fp32 initializer. */
  String weight(Tensor t) {
    Tensor c = t.detach().to(torch.ScalarType.Float).cpu().contiguous();
    long n = c.numel();
    float[] v = new float[(int) n];
    new FloatPointer(c.data_ptr_float()).capacity(n).get(v);
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return initializer("weight", FLOAT, c.sizes().vec().get(), b.array());
  }

  /** An int64 constant of shape {@code [v.length]}, or a scalar when {@code scalar}. */
  String int64s(long[] v, boolean scalar) {
    String key = "i" + scalar + java.util.Arrays.toString(v);
    return constants.computeIfAbsent(
        key,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asLongBuffer().put(v);
          return initializer("const", INT64, scalar ? new long[0] : new long[] {v.length}, b.array());
        });
  }

  private String floats(float[] v) {
    String key = "f" + java.util.Arrays.toString(v);
    return constants.computeIfAbsent(
        key,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(v);
          return initializer("const", FLOAT, new long[] {v.length}, b.array());
        });
  }

  @Override
  public String scalar(double v) {
    String key = "s" + v;
    return constants.computeIfAbsent(
        key,
        k -> {
          ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
          b.putFloat((float) v);
          return initializer("const", FLOAT, new long[0], b.array());
        });
  }

  @Override
  public String conv(String x, Tensor weight, Tensor bias, long[] geo) {
    List<String> in = new ArrayList<>(List.of(x, weight(weight)));
    if (bias != null) {
      in.add(weight(bias));
    }
    long k = weight.size(2);
    long p = geo[2];
    return node1(
        "Conv",
        in,
        attr("kernel_shape", new long[] {k, weight.size(3)}),
        attr("strides", new long[] {geo[1], geo[1]}),
        attr("pads", new long[] {p, p, p, p}),
        attr("group", geo[3]),
        attr("dilations", new long[] {geo[4], geo[4]}));
  }

  private final List<String> extraOutputs = new ArrayList<>();

  @Override
  public String convTranspose(String x, Tensor weight, Tensor bias, long stride) {
    List<String> in = new ArrayList<>(List.of(x, weight(weight)));
    if (bias != null) {
      in.add(weight(bias));
    }
    return node1("ConvTranspose", in, attr("kernel_shape", new long[] {weight.size(2), weight.size(3)}),
        attr("strides", new long[] {stride, stride}), attr("pads", new long[] {0, 0, 0, 0}));
  }

  @Override
  public void extraOutput(String value) {
    extraOutputs.add(value);
  }

  /** The values marked as outputs after the head's, in order. */
  List<String> extraOutputs() {
    return List.copyOf(extraOutputs);
  }

  @Override
  public String unary(String op, String x) {
    return node1(op, List.of(x));
  }

  @Override
  public String binary(String op, String a, String b) {
    return node1(op, List.of(a, b));
  }

  @Override
  public String silu(String x) {
    return binary("Mul", x, unary("Sigmoid", x));
  }

  @Override
  public String concat(List<String> xs, int axis) {
    return node1("Concat", xs, attr("axis", axis));
  }

  @Override
  public List<String> split(String x, long[] sizes, int axis) {
    return node("Split", List.of(x, int64s(sizes, false)), sizes.length, attr("axis", axis));
  }

  @Override
  public String maxPool(String x, int k, int stride, int pad) {
    return node1(
        "MaxPool",
        List.of(x),
        attr("kernel_shape", new long[] {k, k}),
        attr("strides", new long[] {stride, stride}),
        attr("pads", new long[] {pad, pad, pad, pad}));
  }

  @Override
  public String upsample(String x, int scale) {
    // asymmetric + floor is PyTorch's 'nearest'
    return node1(
        "Resize",
        List.of(x, "", floats(new float[] {1, 1, scale, scale})),
        attr("mode", "nearest"),
        attr("coordinate_transformation_mode", "asymmetric"),
        attr("nearest_mode", "floor"));
  }

  @Override
  public String reshape(String x, long[] shape) {
    return node1("Reshape", List.of(x, int64s(shape, false)));
  }

  @Override
  public String reshapeLike(String x, String like) {
    return node1("Reshape", List.of(x, unary("Shape", like)));
  }

  @Override
  public String transpose(String x, long[] perm) {
    return node1("Transpose", List.of(x), attr("perm", perm));
  }

  @Override
  public String softmax(String x, int axis) {
    return node1("Softmax", List.of(x), attr("axis", axis));
  }

  private String cast(String x, int to) {
    return node1("Cast", List.of(x), attr("to", to));
  }

  private String unsqueeze(String x, long axis) {
    return node1("Unsqueeze", List.of(x, int64s(new long[] {axis}, false)));
  }

  @Override
  public String[] anchors(List<String> feats, double[] strides) {
    List<String> points = new ArrayList<>();
    List<String> strideRows = new ArrayList<>();
    String zero = int64s(new long[] {0}, true);
    String one = int64s(new long[] {1}, true);
    for (int i = 0; i < feats.size(); i++) {
      String shape = unary("Shape", feats.get(i));
      String h = node1("Gather", List.of(shape, int64s(new long[] {2}, true)));
      String w = node1("Gather", List.of(shape, int64s(new long[] {3}, true)));
      String xs = binary("Add", cast(node1("Range", List.of(zero, w, one)), FLOAT), scalar(0.5));
      String ys = binary("Add", cast(node1("Range", List.of(zero, h, one)), FLOAT), scalar(0.5));
      String hw = concat(List.of(unsqueeze(h, 0), unsqueeze(w, 0)), 0);
      String gx = reshape(node1("Expand", List.of(reshape(xs, new long[] {1, -1}), hw)), new long[] {1, 1, -1});
      String gy = reshape(node1("Expand", List.of(reshape(ys, new long[] {-1, 1}), hw)), new long[] {1, 1, -1});
      points.add(concat(List.of(gx, gy), 1));
      strideRows.add(binary("Add", binary("Mul", gx, scalar(0)), scalar(strides[i])));
    }
    return new String[] {concat(points, 2), concat(strideRows, 2)};
  }

  @Override
  public String topK(String preds, int nc, int extra, int maxDet) {
    long k = Math.min(maxDet, anchorCount);
    String kk = int64s(new long[] {k}, false);
    List<String> parts = split(preds, extra > 0 ? new long[] {4, nc, extra} : new long[] {4, nc}, 2);
    String boxes = parts.get(0);
    String scores = parts.get(1);
    String best = node1("ReduceMax", List.of(scores, int64s(new long[] {-1}, false)), attr("keepdims", 0));
    String anchorIdx = unsqueeze(node("TopK", List.of(best, kk), 2, attr("axis", -1)).get(1), -1);
    String candidate =
        node1("GatherElements", List.of(scores, node1("Tile", List.of(anchorIdx, int64s(new long[] {1, 1, nc}, false)))), attr("axis", 1));
    List<String> top = node("TopK", List.of(reshape(candidate, new long[] {0, -1}), kk), 2, attr("axis", -1));
    String ncConst = int64s(new long[] {nc}, true);
    String idx =
        node1("GatherElements", List.of(anchorIdx, unsqueeze(binary("Div", top.get(1), ncConst), -1)), attr("axis", 1));
    String cls = cast(unsqueeze(binary("Mod", top.get(1), ncConst), -1), FLOAT);
    String picked =
        node1("GatherElements", List.of(boxes, node1("Tile", List.of(idx, int64s(new long[] {1, 1, 4}, false)))), attr("axis", 1));
    if (extra == 0) {
      return concat(List.of(picked, unsqueeze(top.get(0), -1), cls), 2);
    }
    String extras = node1("GatherElements", List.of(parts.get(2),
        node1("Tile", List.of(idx, int64s(new long[] {1, 1, extra}, false)))), attr("axis", 1));
    return concat(List.of(picked, unsqueeze(top.get(0), -1), cls, extras), 2);
  }
}
