package dev.yolojava.core.nn;

import dev.yolojava.runtime.Scopes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLO detection model (YOLOv8, YOLO11, YOLO26 and other YAMLs built from the supported modules; with a
 * {@link Segment} head, an instance segmentation model: {@link #forwardRaw} then carries its prototypes) as a libtorch
 * module tree whose parameter and buffer names are Ultralytics {@code state_dict} keys ({@code model.0.conv.weight},
 * {@code model.22.dfl.conv.weight}, ...), so {@code parameters()}, {@code named_parameters()}, {@code train()} and
 * {@code to(device, dtype)} work over the whole model.
 *
 * <p>Built like Ultralytics' {@code DetectionModel}: strides from a dry forward at 256 px, BatchNorm eps 1e-3 and
 * momentum 0.03, Detect bias priors, the DFL's fixed weights, and the model left in training mode.
 *
 * <p>Tensors returned by the forward methods are attached to the caller's innermost {@code PointerScope} if there
 * is one (else left to the garbage collector); intermediates are freed before the methods return.
 */
public final class DetectionModel extends Module {
  static {
    dev.yolojava.runtime.TorchDefaults.configure();
  }

  private static final Logger LOG = LoggerFactory.getLogger(DetectionModel.class);
  private static final int STRIDE_PROBE = 256;

  private final ModelConfig config;
  private final List<Layer> layers;
  private BatchNormSync batchNormSync;
  private final Set<Integer> save;
  private final Detect detect;
  private final int[] strides;

  private final Module sequential;

  /**
   * Held while a model draws its initial weights from torch's global CPU generator. Threads share that generator
   * (rank threads of one training): hold this lock to seed it and draw as one step, so no other thread's model
   * construction draws in between.
   */
  public static final Object RANDOM_INIT = new Object();

  private DetectionModel(ModelConfig config) {
    super("DetectionModel");
    retainReference();
    this.config = config;
    ModelBuilder.Result built;
    synchronized (RANDOM_INIT) {
      built = ModelBuilder.build(config);
    }
    this.layers = List.copyOf(built.layers());
    this.save = built.save();
    // Held in a field: libtorch calls back into this Java object (e.g. for train()), so it must stay reachable.
    this.sequential = new Module("Sequential");
    sequential.retainReference();
    register_module("model", sequential);
    for (Layer l : layers) {
      sequential.register_module(Integer.toString(l.index()), l.block());
    }
    if (!(layers.get(layers.size() - 1).block() instanceof Detect d)) {
      throw new IllegalArgumentException("model YAML " + config.name() + ": its head is "
          + layers.get(layers.size() - 1).type() + ", a classifier (task=classify): build it as a ClassificationModel");
    }
    this.detect = d;
    this.strides = probeStrides();
    detect.setStrides(Arrays.stream(strides).asDoubleStream().toArray());
    detect.initBiases();
    train(true);
  }

  /** Builds from a parsed YAML map (e.g. a checkpoint's {@code yaml}); {@code nc <= 0} keeps the YAML's. */
  public static DetectionModel fromYaml(Map<String, Object> yaml, int nc) {
    return new DetectionModel(ModelConfig.fromMap(yaml, nc));
  }

  /**
   * Builds from a built-in name ({@code yolov8n.yaml}, {@code yolo11s.yaml}, {@code yolo26x.yaml}, ...) or a YAML
   * file; the scale letter is taken from the name. {@code nc <= 0} keeps the YAML's.
   */
  public static DetectionModel fromYaml(String nameOrPath, int nc) {
    return new DetectionModel(ModelConfig.load(nameOrPath, nc));
  }

  /** Builds from an already parsed configuration. */
  public static DetectionModel fromConfig(ModelConfig config) {
    return new DetectionModel(config);
  }

  private int[] probeStrides() {
    int[] out = new int[detect.levels()];
    try (NoGradGuard g = new NoGradGuard();
        PointerScope scope = new PointerScope()) {
      eval();
      Tensor probe = torch.zeros(1, config.channels(), STRIDE_PROBE, STRIDE_PROBE);
      List<Tensor> feats = features(probe);
      for (int i = 0; i < out.length; i++) {
        out[i] = (int) (STRIDE_PROBE / feats.get(i).size(2));
      }
    }
    return out;
  }

  /** Runs every layer before the head; returns the head's input feature maps. */
  private List<Tensor> features(Tensor x) {
    PointerScope owner = PointerScope.getInnerScope();
    Tensor[] outputs = new Tensor[layers.size()];
    Tensor prev = x;
    LayerProfile.start();
    for (Layer l : layers.subList(0, layers.size() - 1)) {
      List<Tensor> in = inputs(l, prev, x, outputs);
      try (PointerScope s = new PointerScope()) {
        prev = l.block().forward(in);
        owner.attach(prev); // layer outputs live until the whole forward ends; their internals die here
      }
      LayerProfile.mark(l);
      if (save.contains(l.index())) {
        outputs[l.index()] = prev;
      }
    }
    return inputs(layers.get(layers.size() - 1), prev, x, outputs);
  }

  private static List<Tensor> inputs(Layer l, Tensor prev, Tensor image, Tensor[] outputs) {
    List<Tensor> in = new ArrayList<>(l.from().size());
    for (int f : l.from()) {
      in.add(f == -1 ? image : f == l.index() - 1 ? prev : outputs[f]);
    }
    return in;
  }

  /**
   * Predictions as Ultralytics' model returns them in eval mode: {@code (B, 4 + nc, A)} with boxes {@code xywh} in
   * input pixels and sigmoid class scores (A = anchors over all levels, 8400 at 640 px); for end-to-end heads
   * {@code (B, 300, 6)} rows {@code x1 y1 x2 y2 score class} after the one-to-one top-k. Call {@code eval()} first
   * for inference: in training mode BatchNorm uses and updates batch statistics.
   */
  public Tensor forward(Tensor x) {
    Tensor y;
    try (PointerScope scope = new PointerScope()) {
      y = detect.decode(detect.run(features(x), !detect.endToEnd()));
      y.retainReference();
    }
    return Scopes.handOver(y);
  }

  /**
   * Records {@link #forward}'s eval-mode computation (BatchNorm folded on the fly; the model is not changed) on
   * {@code g}, starting from the input value {@code image}; returns the name of the prediction output.
   */
  public String trace(GraphSink g, String image) {
    String[] outputs = new String[layers.size()];
    String prev = image;
    for (Layer l : layers) {
      List<String> in = new ArrayList<>(l.from().size());
      for (int f : l.from()) {
        in.add(f == -1 ? image : f == l.index() - 1 ? prev : outputs[f]);
      }
      prev = l.block().trace(g, in);
      outputs[l.index()] = prev;
    }
    return prev;
  }

  /**
   * Raw head outputs for the training loss (any mode): for YOLOv8/11 the one-to-many {@code boxes (B, 4*reg_max,
   * A)}, {@code scores (B, nc, A)} logits and {@code feats}, like Ultralytics 8.4's {@code Detect} dict consumed by
   * {@code v8DetectionLoss}; for end-to-end heads also the one-to-one branch (computed on detached features), as
   * {@code E2ELoss} takes them. {@link #decode} turns them into {@link #forward}'s predictions.
   */
  public DetectOutput forwardRaw(Tensor x) {
    if (batchNormSync != null) {
      batchNormSync.newStep();
    }
    DetectOutput out;
    try (PointerScope scope = new PointerScope()) {
      out = detect.run(features(x), true);
      LayerProfile.mark(layers.get(layers.size() - 1));
      retain(out);
    }
    handOver(out);
    return out;
  }

  /** Decodes raw outputs exactly as {@link #forward} does. */
  public Tensor decode(DetectOutput raw) {
    Tensor y;
    try (PointerScope scope = new PointerScope()) {
      y = detect.decode(raw);
      y.retainReference();
    }
    return Scopes.handOver(y);
  }

  private static void retain(DetectOutput out) {
    if (out.oneToMany() != null) {
      out.oneToMany().retain();
    }
    if (out.oneToOne() != null) {
      out.oneToOne().retain();
    }
    for (Tensor t : new Tensor[] {out.proto(), out.semantic()}) {
      if (t != null) {
        t.retainReference();
      }
    }
  }

  private static void handOver(DetectOutput out) {
    if (out.oneToMany() != null) {
      out.oneToMany().handOver();
    }
    if (out.oneToOne() != null) {
      out.oneToOne().handOver();
    }
    for (Tensor t : new Tensor[] {out.proto(), out.semantic()}) {
      if (t != null) {
        Scopes.handOver(t);
      }
    }
  }

  /**
   * Copies a checkpoint's tensors by name (no autograd; converted to each parameter's dtype and device). Strict:
   * throws one error listing every missing, unexpected and mis-shaped key, copying nothing.
   */
  public void loadStateDict(Map<String, Tensor> stateDict) {
    LoadReport r = StateDicts.load(this, stateDict, true);
    LOG.debug("{}", r);
  }

  /**
   * Transfer-learning load (Ultralytics' {@code intersect_dicts}): copies the tensors whose name and shape match,
   * skips the rest, and reports what happened (the caller logs it).
   */
  public LoadReport loadStateDictLenient(Map<String, Tensor> stateDict) {
    LoadReport r = StateDicts.load(this, stateDict, false);
    LOG.debug("state dict differences: {}", r.problems());
    return r;
  }

  /** Parameters and buffers by Ultralytics state-dict key, in PyTorch's order. */
  public LinkedHashMap<String, Tensor> stateDict() {
    return StateDicts.of(this);
  }

  /** Shapes of {@link #stateDict()}. */
  public LinkedHashMap<String, long[]> stateDictShapes() {
    LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
    StateDicts.of(this).forEach((k, v) -> out.put(k, StateDicts.shape(v)));
    return out;
  }

  /** Number of parameter elements (Ultralytics' "parameters"). */
  public long parameterCount() {
    return StateDicts.parameterCount(this);
  }

  /** Number of parameter elements that require gradients (Ultralytics' "gradients"; excludes DFL). */
  public long gradientCount() {
    return StateDicts.gradientCount(this);
  }

  /** Leaf modules as Ultralytics counts "layers" ({@code named_modules()} entries without children). */
  public int layerCount() {
    return StateDicts.layerCount(layers);
  }

  /** True when BatchNorms have been folded ({@link #fuse()}). */
  public boolean isFused() {
    return StateDicts.isFused(this);
  }

  /**
   * Ultralytics-style summary line, e.g. {@code YOLOv8n summary: 129 layers, 3,157,200 parameters, 3,157,184
   * gradients}; also logged.
   */
  public String info() {
    String name = config.name().isEmpty() ? "Model" : config.name().replace("yolo", "YOLO");
    String s =
        String.format(
            Locale.ROOT,
            "%s summary%s: %,d layers, %,d parameters, %,d gradients",
            name,
            isFused() ? " (fused)" : "",
            layerCount(),
            parameterCount(),
            gradientCount());
    LOG.info(s);
    return s;
  }

  /**
   * Folds each BatchNorm into its convolution (fused weights do not require gradients) and, for end-to-end heads,
   * drops the one-to-many branch, as Ultralytics' {@code fuse()} does. Inference only; outputs stay equal within
   * float rounding in eval mode.
   */
  public void fuse() {
    if (isFused()) {
      return;
    }
    for (Layer l : layers) {
      l.block().fuse();
    }
    // a fused model only infers: no parameter keeps requiring gradients (the head's plain 1x1 convolutions did), so
    // its summary says "0 gradients" as Ultralytics' does
    for (Tensor t : StateDicts.parameters(this).values()) {
      t.requires_grad_(false);
    }
    info();
  }

  /**
   * SyncBatchNorm for data-parallel training: every BatchNorm normalises over the global batch (see
   * {@link BatchNormSync}); {@code null} turns it off. Every rank must set it.
   */
  public void syncBatchNorm(BatchNormSync sync) {
    this.batchNormSync = sync;
    for (Layer l : layers) {
      l.block().syncBatchNorm(sync);
    }
  }

  /** Number of classes. */
  public int nc() {
    return detect.nc();
  }

  /** Ultralytics' task name of this model's head: {@code detect}, {@code segment} or {@code pose}. */
  public String task() {
    return detect instanceof Segment ? "segment" : detect instanceof Pose ? "pose" : "detect";
  }

  /** The pose head's {@code [keypoints, dims]}, or null for other tasks. */
  public int[] kptShape() {
    return detect instanceof Pose p ? p.kptShape() : null;
  }

  /** Strides of the detection levels in pixels, e.g. {8, 16, 32}. */
  public int[] strides() {
    return strides.clone();
  }

  /**
   * True when inference is NMS-free: the head has end-to-end branches (YOLO26) and {@link #setEndToEnd} did not turn
   * them off.
   */
  public boolean endToEnd() {
    return detect.endToEnd();
  }

  /** True when the head has end-to-end (one-to-one) branches; training runs and saves them either way. */
  public boolean hasOneToOne() {
    return detect.hasOneToOne();
  }

  /**
   * Ultralytics' {@code model.end2end = value}: {@code false} predicts with the one-to-many branch and NMS;
   * {@code true} has no effect on heads without end-to-end branches. Call before {@link #fuse()}.
   */
  public void setEndToEnd(boolean on) {
    detect.setEndToEnd(on);
  }

  /** DFL bins per box side (16 for YOLOv8/11, 1 for YOLO26). */
  public int regMax() {
    return detect.regMax();
  }

  /** The architecture this model was built from. */
  public ModelConfig config() {
    return config;
  }

  /** The layers in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The detection head (last layer). */
  public Detect head() {
    return detect;
  }
}
