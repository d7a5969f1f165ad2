package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4 {@code Detect} head. Per level {@code i}: a box branch {@code cv2.i} (two 3x3 Convs and a 1x1
 * Conv2d to {@code 4 * reg_max}) and a class branch {@code cv3.i} (legacy YOLOv8: two 3x3 Convs; otherwise two
 * depthwise-separable pairs; then a 1x1 Conv2d to {@code nc}). {@code reg_max > 1} adds {@code dfl}. End-to-end
 * heads (YOLO26) add {@code one2one_cv2}/{@code one2one_cv3}, copies of the first two at construction, whose
 * top-{@code max_det} output is the prediction.
 */
public class Detect extends Block {
  /** Ultralytics' {@code Detect.max_det}: detections kept by the end-to-end top-k. */
  public static final int MAX_DET = 300;

  private final int nc;
  private final int nl;
  private final int regMax;
  private final boolean hasOneToOne; // the end-to-end branches exist (YOLO26's end2end: True)
  private boolean endToEnd; // and inference uses them (Ultralytics' end2end property, settable with end2end=False)
  private final boolean legacy;
  private Sequential cv2;
  private Sequential cv3;
  private final Dfl dfl;
  private final Sequential o2oCv2;
  private final Sequential o2oCv3;
  private double[] stride;

  /**
   * @param legacy YOLOv8-style class branch (Ultralytics sets it when the model has no C3k2)
   * @param ch input channels per level
   */
  public Detect(int nc, int regMax, boolean endToEnd, boolean legacy, int[] ch) {
    this("Detect", nc, regMax, endToEnd, legacy, ch);
  }

  protected Detect(String type, int nc, int regMax, boolean endToEnd, boolean legacy, int[] ch) {
    super(type);
    checkArgument(nc >= 1, "Detect: nc is %s, expected >= 1", nc);
    checkArgument(ch.length >= 1, "Detect: no input levels");
    this.nc = nc;
    this.nl = ch.length;
    this.regMax = regMax;
    this.hasOneToOne = endToEnd;
    this.endToEnd = endToEnd;
    this.legacy = legacy;
    this.stride = new double[nl];
    int c2 = Math.max(Math.max(16, ch[0] / 4), regMax * 4);
    int c3 = Math.max(ch[0], Math.min(nc, 100));
    cv2 = add("cv2", boxBranches(ch, c2));
    cv3 = add("cv3", classBranches(ch, c3));
    dfl = regMax > 1 ? add("dfl", new Dfl(regMax)) : null;
    if (hasOneToOne) {
      // Ultralytics deep-copies the freshly initialised branches, so both start from the same weights and the
      // copies draw nothing from the random generator (what a task head draws next stays as in Python)
      o2oCv2 = add("one2one_cv2", copyOf(cv2, () -> boxBranches(ch, c2)));
      o2oCv3 = add("one2one_cv3", copyOf(cv3, () -> classBranches(ch, c3)));
    } else {
      o2oCv2 = null;
      o2oCv3 = null;
    }
  }

  private Sequential boxBranches(int[] ch, int c2) {
    Sequential list = new Sequential("ModuleList");
    for (int x : ch) {
      Sequential s = list.append(new Sequential("Sequential"));
      s.append(new Conv(x, c2, 3, 1));
      s.append(new Conv(c2, c2, 3, 1));
      s.append(conv1x1(c2, 4 * regMax));
    }
    return list;
  }

  private Sequential classBranches(int[] ch, int c3) {
    Sequential list = new Sequential("ModuleList");
    for (int x : ch) {
      Sequential s = list.append(new Sequential("Sequential"));
      if (legacy) {
        s.append(new Conv(x, c3, 3, 1));
        s.append(new Conv(c3, c3, 3, 1));
      } else {
        Sequential a = s.append(new Sequential("Sequential"));
        a.append(Conv.depthwise(x, x, 3, 1, 1, true));
        a.append(new Conv(x, c3, 1, 1));
        Sequential b = s.append(new Sequential("Sequential"));
        b.append(Conv.depthwise(c3, c3, 3, 1, 1, true));
        b.append(new Conv(c3, c3, 1, 1));
      }
      s.append(conv1x1(c3, nc));
    }
    return list;
  }

  private static Conv2dImpl conv1x1(int in, int out) {
    return new Conv2dImpl(new Conv2dOptions(in, out, new LongPointer(1L, 1L)));
  }

  /**
   * A new module built by {@code build}, holding {@code from}'s weights, without moving torch's CPU generator. Heads
   * are built while {@link DetectionModel#RANDOM_INIT} is held, so no other thread draws between save and restore.
   */
  static Sequential copyOf(Sequential from, java.util.function.Supplier<Sequential> build) {
    org.bytedeco.pytorch.Generator rng = torch.getDefaultCPUGenerator();
    Tensor state = rng.get_state();
    Sequential copy = build.get();
    rng.set_state(state);
    copyParameters(from, copy);
    return copy;
  }

  private static void copyParameters(Module from, Module to) {
    try (NoGradGuard g = new NoGradGuard()) {
      StringTensorDict src = from.named_parameters();
      StringTensorDict dst = to.named_parameters();
      for (long i = 0; i < src.size(); i++) {
        dst.get(i).value().copy_(src.get(i).value());
      }
    }
  }

  /** Number of classes. */
  public int nc() {
    return nc;
  }

  /** Number of detection levels. */
  public int levels() {
    return nl;
  }

  /** DFL bins per box side (1: direct regression). */
  public int regMax() {
    return regMax;
  }

  /**
   * True when inference uses the NMS-free one-to-one branch: the head has it and {@link #setEndToEnd} did not turn
   * it off.
   */
  public boolean endToEnd() {
    return endToEnd;
  }

  /** True when the head has the one-to-one (end-to-end) branches, whichever branch inference uses. */
  public boolean hasOneToOne() {
    return hasOneToOne;
  }

  /**
   * Ultralytics' {@code end2end} setter: {@code false} makes inference decode the one-to-many branch (then NMS);
   * {@code true} is honoured only where the one-to-one branch exists. Set it before {@link #fuse()}, which drops
   * the branch inference does not use.
   */
  public void setEndToEnd(boolean on) {
    checkState(on || cv2 != null, "Detect: end2end cannot be turned off after fuse() dropped the one-to-many branch");
    endToEnd = on && hasOneToOne;
  }

  /** True for YOLOv8's class branch (plain 3x3 Convs). */
  public boolean legacy() {
    return legacy;
  }

  /** Strides per level in pixels, e.g. {8, 16, 32}; zeros until the model has computed them. */
  public double[] strides() {
    return stride.clone();
  }

  void setStrides(double[] s) {
    checkArgument(s.length == nl, "Detect: %s strides for %s levels", s.length, nl);
    stride = s.clone();
  }

  /**
   * Ultralytics' {@code bias_init}: box biases 2.0; class biases {@code log(5 / nc / (640 / stride)^2)}, i.e.
   * a prior of about 0.01 objects per class on a 640 image. Needs the strides.
   */
  void initBiases() {
    checkState(Arrays.stream(stride).allMatch(s -> s > 0), "Detect: strides are not set: %s", Arrays.toString(stride));
    initBiases(cv2, cv3);
    if (hasOneToOne) {
      initBiases(o2oCv2, o2oCv3);
    }
  }

  private void initBiases(Sequential box, Sequential cls) {
    try (NoGradGuard g = new NoGradGuard()) {
      for (int i = 0; i < nl; i++) {
        lastConv(box, i).bias().fill_(new Scalar(2.0));
        double prior = Math.log(5.0 / nc / Math.pow(640.0 / stride[i], 2));
        lastConv(cls, i).bias().fill_(new Scalar(prior));
      }
    }
  }

  private static Conv2dImpl lastConv(Sequential branches, int level) {
    Sequential s = (Sequential) branches.get(level);
    return (Conv2dImpl) s.get(s.size() - 1);
  }

  @Override
  public Tensor forward(Tensor x) {
    throw new UnsupportedOperationException("Detect takes the list of feature maps; use run(List)");
  }

  /**
   * Runs the head branches on the level feature maps; see {@link DetectOutput}. {@code oneToMany = false} skips
   * that branch for end-to-end heads (inference needs only the one-to-one branch).
   */
  public DetectOutput run(List<Tensor> feats, boolean oneToMany) {
    checkArgument(feats.size() == nl, "Detect: got %s feature maps, expected %s", feats.size(), nl);
    checkArgument(oneToMany || endToEnd, "Detect: only end-to-end heads can skip the one-to-many branch");
    HeadOutput o2m = cv2 == null || !oneToMany ? null : branch(feats, false);
    HeadOutput o2o = null;
    if (hasOneToOne && (endToEnd || oneToMany && is_training())) { // training runs both branches
      List<Tensor> detached = new ArrayList<>();
      for (Tensor f : feats) {
        detached.add(f.detach());
      }
      o2o = branch(detached, true);
    }
    return complete(feats, o2m, o2o);
  }

  /** One branch's raw outputs: the one-to-one branch when {@code oneToOne}, else the one-to-many. */
  protected HeadOutput branch(List<Tensor> feats, boolean oneToOne) {
    return oneToOne ? head(feats, o2oCv2, o2oCv3) : head(feats, cv2, cv3);
  }

  /** The head's output from its branches; heads with more outputs (mask prototypes) add them here. */
  protected DetectOutput complete(List<Tensor> feats, HeadOutput oneToMany, HeadOutput oneToOne) {
    return new DetectOutput(oneToMany, oneToOne);
  }

  private HeadOutput head(List<Tensor> feats, Sequential box, Sequential cls) {
    long bs = feats.get(0).size(0);
    Tensor[] boxes = new Tensor[nl];
    Tensor[] scores = new Tensor[nl];
    for (int i = 0; i < nl; i++) {
      boxes[i] = ((Sequential) box.get(i)).forward(feats.get(i)).view(bs, 4L * regMax, -1);
      scores[i] = ((Sequential) cls.get(i)).forward(feats.get(i)).view(bs, nc, -1);
    }
    return new HeadOutput(
        torch.cat(new TensorVector(boxes), -1),
        torch.cat(new TensorVector(scores), -1),
        feats);
  }

  /**
   * Decodes raw outputs into predictions: {@code (B, 4 + nc, A)} xywh boxes in input pixels and sigmoid scores;
   * for end-to-end heads the top-{@link #MAX_DET} {@code (B, k, 6)} rows {@code x1 y1 x2 y2 score class}.
   */
  public Tensor decode(DetectOutput raw) {
    Tensor y = withExtras(BoxDecoder.decode(raw.inferenceBranch(), stride, regMax, dfl, !endToEnd), raw);
    return endToEnd ? BoxDecoder.topK(y.permute(0, 2, 1), nc, MAX_DET) : y;
  }

  /**
   * The decoded {@code (B, 4 + nc, A)} predictions with the rows a task head appends per anchor (a segmentation
   * head's mask coefficients); the end-to-end top-k keeps them with their anchor.
   */
  protected Tensor withExtras(Tensor decoded, DetectOutput raw) {
    return decoded;
  }

  /**
   * Records the inference head and its decoding, as {@link #run} then {@link #decode} compute them in eval mode
   * (end-to-end heads: the one-to-one branch and the top-{@link #MAX_DET}).
   */
  @Override
  public String trace(GraphSink g, List<String> feats) {
    checkArgument(feats.size() == nl, "Detect: got %s feature maps, expected %s", feats.size(), nl);
    Sequential box = endToEnd ? o2oCv2 : cv2;
    Sequential cls = endToEnd ? o2oCv3 : cv3;
    List<String> boxes = new ArrayList<>();
    List<String> scores = new ArrayList<>();
    for (int i = 0; i < nl; i++) {
      boxes.add(g.reshape(((Sequential) box.get(i)).trace(g, feats.get(i)), new long[] {0, 4L * regMax, -1}));
      scores.add(g.reshape(((Sequential) cls.get(i)).trace(g, feats.get(i)), new long[] {0, nc, -1}));
    }
    String[] grid = g.anchors(feats, stride);
    String rawBoxes = g.concat(boxes, 2);
    List<String> ltrb = g.split(dfl != null ? dfl.trace(g, rawBoxes) : rawBoxes, new long[] {2, 2}, 1);
    String x1y1 = g.binary("Sub", grid[0], ltrb.get(0));
    String x2y2 = g.binary("Add", grid[0], ltrb.get(1));
    String xy =
        endToEnd
            ? g.concat(List.of(x1y1, x2y2), 1)
            : g.concat(
                List.of(
                    g.binary("Div", g.binary("Add", x1y1, x2y2), g.scalar(2.0)), g.binary("Sub", x2y2, x1y1)),
                1);
    String y = g.concat(List.of(g.binary("Mul", xy, grid[1]), g.unary("Sigmoid", g.concat(scores, 2))), 1);
    String extras = traceExtras(g, feats, grid);
    int extraRows = 0;
    if (extras != null) {
      y = g.concat(List.of(y, extras), 1);
      extraRows = extraRows();
    }
    return endToEnd ? g.topK(g.transpose(y, new long[] {0, 2, 1}), nc, extraRows, MAX_DET) : y;
  }

  /**
   * The rows a task head appends per anchor in the traced graph, as {@link #withExtras} does eagerly
   * ({@code (B, extraRows(), A)}), or null; {@code grid} holds the anchors {@code (1, 2, A)} and strides {@code (1, 1, A)}.
   */
  protected String traceExtras(GraphSink g, List<String> feats, String[] grid) {
    return null;
  }

  /** The number of rows {@link #traceExtras} appends. */
  protected int extraRows() {
    return 0;
  }

  /** Ultralytics' {@code Detect.fuse()}: an end-to-end head drops its one-to-many branch for inference. */
  @Override
  public void fuse() {
    super.fuse();
    if (endToEnd && cv2 != null) {
      removeBlock("cv2", cv2);
      removeBlock("cv3", cv3);
      cv2 = null;
      cv3 = null;
    }
  }

  @Override
  protected int functionalLeaves() {
    // nn.Identity in place of DFL; the one2one branches are deep copies, each with its own copy of the SiLU
    return (regMax > 1 ? 0 : 1) + (hasOneToOne ? 2 : 0);
  }
}
