package dev.yolojava.core.nn;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * Receives a model's inference graph as symbolic operations on named values, so exporters (ONNX) can record the
 * same computation the eager {@code forward} methods run. Each method returns the name of its output value. Batch
 * and spatial sizes stay symbolic: reshapes use {@code 0} (copy that input dimension) and {@code -1} (infer).
 */
public interface GraphSink {
  /** 2-D convolution; {@code geometry} = kernel, stride, padding, groups, dilation; {@code bias} may be null. */
  String conv(String x, Tensor weight, Tensor bias, long[] geometry);

  /** A transposed 2-D convolution with square kernel {@code k == stride}, no padding (Proto's 2x upsample). */
  String convTranspose(String x, Tensor weight, Tensor bias, long stride);

  /**
   * Marks {@code value} as the graph's next output after the head's ({@code output1}, ...): a segmentation head's
   * prototypes.
   */
  void extraOutput(String value);

  /** A named unary operator without attributes: {@code Sigmoid}, {@code Shape}... */
  String unary(String op, String x);

  /** A named binary elementwise operator: {@code Add}, {@code Sub}, {@code Mul}, {@code Div}, {@code MatMul}. */
  String binary(String op, String a, String b);

  /** A float32 scalar constant. */
  String scalar(double v);

  /** {@code x * sigmoid(x)}. */
  String silu(String x);

  /** Concatenation along {@code axis}. */
  String concat(List<String> xs, int axis);

  /** Split into pieces of the given sizes along {@code axis}. */
  List<String> split(String x, long[] sizes, int axis);

  /** Max pooling, square kernel, symmetric padding. */
  String maxPool(String x, int k, int stride, int pad);

  /** Nearest-neighbour upsampling of H and W by an integer factor. */
  String upsample(String x, int scale);

  /** Reshape to {@code shape} (0 copies the input's dimension, -1 is inferred). */
  String reshape(String x, long[] shape);

  /** Reshape {@code x} to the shape of {@code like}. */
  String reshapeLike(String x, String like);

  /** Transpose with {@code perm}. */
  String transpose(String x, long[] perm);

  /** Softmax along {@code axis}. */
  String softmax(String x, int axis);

  /**
   * Anchor centres {@code (1, 2, A)} in grid units and per-anchor strides {@code (1, 1, A)} for the feature maps
   * (computed from their runtime shapes, so dynamic sizes work), as {@link BoxDecoder#anchors}.
   */
  String[] anchors(List<String> feats, double[] strides);

  /**
   * The end-to-end top-k of {@link BoxDecoder#topK} on {@code (B, A, 4 + nc + extra)}; returns {@code (B, k, 6 +
   * extra)}, each kept anchor's {@code extra} values (a task head's keypoints) after its box, score and class.
   */
  String topK(String preds, int nc, int extra, int k);
}
