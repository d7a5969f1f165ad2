package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.cuda.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A detection network with what it needs to be used: class names, stride, its device and precision. Built from an
 * Ultralytics checkpoint or a model YAML.
 *
 * <p>Forward passes are safe from many threads at once; {@link #to}, {@link #half} and {@link #fuse} change the
 * model and are serialised.
 */
public final class YoloModel implements InferenceBackend, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(YoloModel.class);

  static {
    dev.yolojava.runtime.JavaCppDefaults.apply(); // before any native type loads
  }

  private final DetectionModel net;
  private volatile ImmutableList<String> names;
  private final ImmutableMap<String, Object> trainArgs;
  private final String source;
  private volatile Device device = Device.CPU;
  private volatile boolean half;
  private volatile boolean fused;
  // made from YAML and not trained yet: the trainer re-draws its weights under the run's seed
  private volatile boolean freshInit;

  private YoloModel(DetectionModel net, List<String> names, Map<String, Object> trainArgs, String source) {
    this.net = net;
    this.names = ImmutableList.copyOf(names);
    this.trainArgs = trainArgs == null ? ImmutableMap.of() : copyArgs(trainArgs);
    this.source = source;
  }

  /**
   * Loads an Ultralytics {@code .pt} checkpoint (weights of {@code ema} if present, else {@code model}); a bare
   * official name such as {@code yolo26n.pt} that is not on disk is taken from (or downloaded into) the weights cache,
   * see {@link dev.yolojava.core.hub.OfficialWeights}.
   */
  public static YoloModel load(Path checkpoint) {
    Path resolved = dev.yolojava.core.hub.OfficialWeights.resolve(checkpoint);
    return fromCheckpoint(readCheckpoint(resolved), resolved.toString());
  }

  /**
   * Reads an Ultralytics {@code .pt} checkpoint (an official name not on disk is taken from, or downloaded into, the
   * weights cache); {@link #fromCheckpoint} and {@link Classifier#fromCheckpoint} build a model from it, so a caller
   * that does not know the task reads the file once.
   */
  public static Checkpoint readCheckpoint(Path checkpoint) {
    checkpoint = dev.yolojava.core.hub.OfficialWeights.resolve(checkpoint);
    checkArgument(Files.isRegularFile(checkpoint), "model file not found: %s", checkpoint);
    String name = checkpoint.getFileName().toString().toLowerCase(Locale.ROOT);
    checkArgument(
        name.endsWith(".pt") || name.endsWith(".pth"),
        "cannot load '%s': expected an Ultralytics .pt checkpoint or a model .yaml", checkpoint);
    try {
      return Checkpoint.load(checkpoint);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
  }

  /** A detection, segmentation or pose model from a read checkpoint ({@code ema} weights if present). */
  public static YoloModel fromCheckpoint(Checkpoint ckpt, String source) {
    checkArgument(!dev.yolojava.core.nn.ClassificationModel.isClassifier(ckpt.yaml()),
        "%s is a classification model (task=classify): load it with Classifier.fromCheckpoint", source);
    DetectionModel net = DetectionModel.fromYaml(ckpt.yaml(), ckpt.names().size());
    net.loadStateDict(ckpt.stateDict());
    net.eval();
    return new YoloModel(net, ckpt.names(), ckpt.trainArgs(), source);
  }

  /** A new, randomly initialised model from a YAML file or built-in name such as {@code yolov8n.yaml}. */
  public static YoloModel create(String yaml, int nc) {
    DetectionModel net = DetectionModel.fromYaml(yaml, nc);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < net.nc(); i++) {
      names.add("class" + i);
    }
    return fresh(net, names, yaml);
  }

  /** A new model from YAML for a data set's classes (their names are kept). */
  public static YoloModel create(String yaml, int nc, List<String> names) {
    checkArgument(names.size() == nc, "nc is %s but %s names were given", nc, names.size());
    return fresh(DetectionModel.fromYaml(yaml, nc), names, yaml);
  }

  private static YoloModel fresh(DetectionModel net, List<String> names, String yaml) {
    YoloModel m = new YoloModel(net, names, Map.of(), yaml);
    m.freshInit = true;
    return m;
  }

  /**
   * For a model made from YAML that nothing has trained yet: draws its initial weights again from torch's current
   * random state, which the trainer has just seeded, so training from a YAML with the same {@code seed} starts from
   * the same weights (Ultralytics builds the model from its YAML after seeding). Afterwards, or for a loaded model,
   * does nothing.
   *
   * @return whether the weights were re-drawn
   */
  public boolean reinitialiseIfFresh() {
    if (!freshInit) {
      return false;
    }
    freshInit = false;
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      net.loadStateDict(DetectionModel.fromConfig(net.config()).stateDict());
    }
    return true;
  }

  /**
   * This model made ready to train on a data set with these classes, as Ultralytics' trainer does: with the same
   * class count it is this model, taking the data's names; with another it is the same architecture rebuilt for
   * {@code dataNames.size()} classes, every tensor whose name and shape match copied over (the head's class branch
   * starts fresh) and the count logged as Ultralytics does. The caller owns a rebuilt model; this one is unchanged.
   */
  public synchronized YoloModel forClasses(List<String> dataNames) {
    return forTraining(dataNames, null);
  }

  /**
   * As {@link #forClasses}, and a pose model's keypoints follow the data set's {@code kpt_shape} as Ultralytics'
   * {@code PoseModel(data_kpt_shape=...)} does: with another shape the head is rebuilt too (its keypoint branch
   * starts fresh). A pose model needs the data's keypoints ({@code keypoints} null: an error); other models ignore
   * them.
   */
  public synchronized YoloModel forTraining(List<String> dataNames, dev.yolojava.data.KeypointSpec keypoints) {
    checkArgument(dataNames != null && !dataNames.isEmpty(), "the data set has no class names");
    checkArgument(!fused, "train: this model's batch norms are fused for inference; train the model as loaded,"
        + " before fuse()");
    int[] kpt = net.kptShape();
    checkArgument(kpt == null || keypoints != null, "train: %s is a pose model but the data set has no 'kpt_shape';"
        + " add kpt_shape: [number of keypoints, 2 or 3] (and flip_idx) to its data.yaml", source);
    int[] dataKpt = kpt == null ? null : new int[] {keypoints.count(), keypoints.dims()};
    if (dataNames.size() == net.nc() && (kpt == null || java.util.Arrays.equals(kpt, dataKpt))) {
      names = ImmutableList.copyOf(dataNames); // Ultralytics' trainer sets model.names from the data
      return this;
    }
    var config = net.config().withNc(dataNames.size());
    if (kpt != null && !java.util.Arrays.equals(kpt, dataKpt)) {
      LOG.info("Overriding model.yaml kpt_shape={} with kpt_shape={}", java.util.Arrays.toString(kpt),
          java.util.Arrays.toString(dataKpt));
      config = config.withKptShape(dataKpt);
    }
    DetectionModel rebuilt = DetectionModel.fromConfig(config);
    YoloModel m = new YoloModel(rebuilt, dataNames, trainArgs, source);
    if (freshInit) {
      m.freshInit = true; // nothing trained to carry over: the trainer draws its weights under the run's seed
      return m;
    }
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      var report = rebuilt.loadStateDictLenient(net.stateDict());
      LOG.info("{} from pretrained weights", report);
    }
    return m;
  }

  /**
   * A copy for inference: these weights now, batch norms folded into the convolutions, on this model's device in
   * fp32. This model stays trainable (Ultralytics' predictor fuses the model it is given; here the trainable one is
   * kept and the copy fused, so {@code load}, {@code predict}, then {@code train} works).
   */
  public synchronized YoloModel fusedCopy() {
    return fusedCopy(true);
  }

  /**
   * As {@link #fusedCopy()}; {@code endToEnd = false} (Ultralytics' {@code end2end=False}) makes an end-to-end
   * (YOLO26) model's copy predict with its one-to-many branch, whose output then goes through NMS.
   */
  public synchronized YoloModel fusedCopy(boolean endToEnd) {
    DetectionModel copy = DetectionModel.fromConfig(net.config());
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      copy.loadStateDict(net.stateDict());
    }
    copy.setEndToEnd(endToEnd);
    copy.eval();
    YoloModel m = new YoloModel(copy, names, trainArgs, source);
    m.fuse();
    return m.to(device);
  }

  /** Wraps an existing network (for engines that build or train one). */
  public static YoloModel of(DetectionModel net, List<String> names) {
    checkArgument(names.size() == net.nc(), "model has nc=%s but %s names were given", net.nc(), names.size());
    return new YoloModel(net, names, Map.of(), "memory");
  }


  /** Throws unless this model's task is one of {@code built}, the tasks this build runs {@code mode} for. */
  public void requireTask(String mode, String... built) {
    String task = net.task();
    if (!java.util.Arrays.asList(built).contains(task)) {
      throw new UnsupportedOperationException(String.format(Locale.ROOT,
          "%s: %s is a %s model (head %s); this build of yolo-java loads it and predicts with it, but %s for"
              + " task=%s is not built yet (%s only)", mode, source, task, net.head().type(), mode, task,
          String.join(", ", built)));
    }
  }

  /** Wraps a network that already lives on {@code device} in fp32 (nothing is moved). */
  public static YoloModel of(DetectionModel net, List<String> names, Device device) {
    YoloModel m = of(net, names);
    m.device = device;
    return m;
  }

  public DetectionModel net() {
    return net;
  }

  @Override
  public List<String> names() {
    return names;
  }

  public Map<String, Object> trainArgs() {
    return trainArgs;
  }

  public String source() {
    return source;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public boolean isHalf() {
    return half;
  }

  @Override
  public int[] keypointShape() {
    return net.kptShape();
  }

  @Override
  public boolean endToEnd() {
    return net.endToEnd();
  }

  /** The largest stride of the model (the letterbox alignment), at least 32 as Ultralytics uses. */
  @Override
  public int maxStride() {
    int s = 32;
    for (int v : net.strides()) {
      s = Math.max(s, v);
    }
    return s;
  }

  /** Moves the model to a device (only the first GPU of a list). */
  public synchronized YoloModel to(Device target) {
    Device single = target.requireAvailable().split().get(0);
    if (!single.equals(device)) {
      net.to(single.toTorch(), half ? torch.ScalarType.Half : torch.ScalarType.Float, false);
      device = single;
    }
    return this;
  }

  /** Switches between fp16 and fp32 weights; fp16 is refused on the CPU, as Ultralytics does for predict. */
  public synchronized YoloModel half(boolean on) {
    boolean want = on && device.isCuda();
    if (want != half) {
      net.to(device.toTorch(), want ? torch.ScalarType.Half : torch.ScalarType.Float, false);
      half = want;
    }
    return this;
  }

  /** Folds batch norms into convolutions for inference (once; idempotent). */
  public synchronized YoloModel fuse() {
    if (!fused) {
      net.fuse();
      fused = true;
    }
    return this;
  }

  /** Runs the network in eval mode on an input already on this model's device and dtype. */
  @Override
  public Tensor forward(Tensor input) {
    return net.forward(input);
  }

  /**
   * A segmentation model's eval outputs: {@code {predictions, prototypes}}: {@code (B, 4 + nc + nm, A)} (end-to-end
   * {@code (B, 300, 6 + nm)}) and {@code (B, nm, H/4, W/4)}, both in the caller's scope.
   */
  @Override
  public boolean segments() {
    return net.task().equals("segment");
  }

  @Override
  public Tensor[] forwardSegment(Tensor input) {
    checkArgument(net.task().equals("segment"), "forwardSegment: %s is a %s model", source, net.task());
    Tensor y;
    Tensor proto;
    try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
      DetectOutput raw = net.forwardRaw(input);
      y = net.decode(raw);
      proto = raw.proto();
      y.retainReference();
      proto.retainReference();
    }
    // the results outlive the scope of the intermediates: handed to the caller's scope (see docs/architecture.md)
    return new Tensor[] {dev.yolojava.runtime.Scopes.handOver(y), dev.yolojava.runtime.Scopes.handOver(proto)};
  }

  public long parameterCount() {
    return net.parameterCount();
  }

  public String info() {
    return net.info();
  }

  @Override
  public void close() {
    net.close();
  }

  private static ImmutableMap<String, Object> copyArgs(Map<String, Object> args) {
    ImmutableMap.Builder<String, Object> b = ImmutableMap.builder();
    args.forEach((k, v) -> {
      if (k != null && v != null) {
        b.put(k, v);
      }
    });
    return b.buildKeepingLast();
  }
}
