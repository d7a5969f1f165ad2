package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.nn.ClassificationModel;
import dev.yolojava.cuda.Device;
import dev.yolojava.runtime.Scopes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image classifier ({@code task=classify}) with what it needs to be used: class names, device, precision and the
 * image size it was trained at. The classification counterpart of {@link YoloModel}; built from an Ultralytics
 * {@code -cls} checkpoint or YAML. Forward passes may run on many threads; {@link #to}, {@link #half} and
 * {@link #fuse} are serialised.
 */
public final class Classifier implements ClassifyBackend, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);
  /** Ultralytics' default {@code imgsz} for a classifier without training arguments (ImageNet's 224). */
  static final int DEFAULT_IMGSZ = 224;

  static {
    dev.yolojava.runtime.JavaCppDefaults.apply();
  }

  private final ClassificationModel net;
  private volatile ImmutableList<String> names;
  private final ImmutableMap<String, Object> trainArgs;
  private final String source;
  private volatile Device device = Device.CPU;
  private volatile boolean half;
  private volatile boolean fused;
  private volatile boolean freshInit;

  private Classifier(ClassificationModel net, List<String> names, Map<String, Object> trainArgs, String source) {
    checkArgument(names.size() == net.nc(), "classifier has nc=%s but %s names were given", net.nc(), names.size());
    this.net = net;
    this.names = ImmutableList.copyOf(names);
    ImmutableMap.Builder<String, Object> b = ImmutableMap.builder();
    if (trainArgs != null) {
      trainArgs.forEach((k, v) -> {
        if (k != null && v != null) {
          b.put(k, v);
        }
      });
    }
    this.trainArgs = b.buildKeepingLast();
    this.source = source;
  }

  /** A classifier from a read checkpoint ({@link YoloModel#readCheckpoint}); {@code ema} weights if present. */
  public static Classifier fromCheckpoint(Checkpoint ckpt, String source) {
    checkArgument(ClassificationModel.isClassifier(ckpt.yaml()),
        "%s is not a classification model (its last layer is not Classify)", source);
    ClassificationModel net = ClassificationModel.fromYaml(ckpt.yaml(), ckpt.names().size());
    net.loadStateDict(ckpt.stateDict());
    net.eval();
    return new Classifier(net, ckpt.names(), ckpt.trainArgs(), source);
  }

  /** A new, randomly initialised classifier from a YAML ({@code yolo11n-cls.yaml}, ...); names "0", "1", ... */
  public static Classifier create(String yaml, int nc) {
    ClassificationModel net = ClassificationModel.fromYaml(yaml, nc);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < net.nc(); i++) {
      names.add(Integer.toString(i)); // ClassificationModel's default names
    }
    Classifier c = new Classifier(net, names, Map.of(), yaml);
    c.freshInit = true;
    return c;
  }

  /** Whether a parsed model YAML (a file, a built-in name's or a checkpoint's) is a classifier's. */
  public static boolean isClassifierYaml(String yaml) {
    return ClassificationModel.isClassifier(dev.yolojava.core.nn.ModelConfig.load(yaml, 0).yaml());
  }

  /** Throws unless nothing has fused this classifier (training needs its BatchNorms). */
  private void requireTrainable() {
    checkArgument(!fused, "train: this classifier's batch norms are fused for inference; train it before fuse()");
  }

  /**
   * Ready to train on a data set with these classes, as Ultralytics' {@code ClassificationTrainer.get_model}: with
   * the same count, this classifier with the data's names; with another, the architecture rebuilt for the data's
   * count and every tensor whose name and shape match copied over (the head's Linear starts fresh), the count
   * logged. A rebuilt classifier is the caller's; this one is unchanged.
   */
  public synchronized Classifier forClasses(List<String> dataNames) {
    checkArgument(dataNames != null && !dataNames.isEmpty(), "the data set has no classes");
    requireTrainable();
    if (dataNames.size() == net.nc()) {
      names = ImmutableList.copyOf(dataNames);
      return this;
    }
    ClassificationModel rebuilt = ClassificationModel.fromConfig(net.config().withNc(dataNames.size()));
    Classifier c = new Classifier(rebuilt, dataNames, trainArgs, source);
    if (freshInit) {
      c.freshInit = true;
      return c;
    }
    try (PointerScope scope = new PointerScope()) {
      LOG.info("{} from pretrained weights", rebuilt.loadStateDictLenient(net.stateDict()));
    }
    return c;
  }

  /** Re-draws a YAML-built, untrained classifier's weights from torch's (just seeded) generator; else nothing. */
  public boolean reinitialiseIfFresh() {
    if (!freshInit) {
      return false;
    }
    freshInit = false;
    try (PointerScope scope = new PointerScope()) {
      net.loadStateDict(ClassificationModel.fromConfig(net.config()).stateDict());
    }
    return true;
  }

  /** A fused fp32 copy on this classifier's device for inference; this one stays trainable. */
  public synchronized Classifier fusedCopy() {
    ClassificationModel copy = ClassificationModel.fromConfig(net.config());
    try (PointerScope scope = new PointerScope()) {
      copy.loadStateDict(net.stateDict());
    }
    copy.eval();
    Classifier c = new Classifier(copy, names, trainArgs, source);
    c.fuse();
    return c.to(device);
  }

  /** Wraps a network (for the trainer's evaluation copy), already on {@code device} in fp32. */
  static Classifier of(ClassificationModel net, List<String> names, Device device) {
    Classifier c = new Classifier(net, names, Map.of(), "memory");
    c.device = device;
    return c;
  }

  public ClassificationModel net() {
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

  /**
   * The image size to predict at when none is given: the {@code imgsz} the classifier was trained with (Ultralytics
   * keeps it in the checkpoint's arguments), else 224.
   */
  @Override
  public int imgsz() {
    Object v = trainArgs.get("imgsz");
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Number n) {
      return n.intValue();
    }
    return DEFAULT_IMGSZ;
  }

  public synchronized Classifier to(Device target) {
    Device single = target.requireAvailable().split().get(0);
    if (!single.equals(device)) {
      net.to(single.toTorch(), half ? torch.ScalarType.Half : torch.ScalarType.Float, false);
      device = single;
    }
    return this;
  }

  /** fp16 weights on CUDA (refused on the CPU, as Ultralytics does for predict). */
  public synchronized Classifier half(boolean on) {
    boolean want = on && device.isCuda();
    if (want != half) {
      net.to(device.toTorch(), want ? torch.ScalarType.Half : torch.ScalarType.Float, false);
      half = want;
    }
    return this;
  }

  public synchronized Classifier fuse() {
    if (!fused) {
      net.fuse();
      fused = true;
    }
    return this;
  }

  /**
   * Class probabilities {@code (B, nc)} in fp32 for a batch already on this classifier's device (its dtype), in the
   * caller's scope.
   */
  @Override
  public Tensor probs(Tensor input) {
    Tensor p;
    try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      net.eval();
      p = net.forward(input).to(torch.ScalarType.Float);
      p.retainReference();
    }
    return Scopes.handOver(p);
  }

  @Override
  public Tensor logits(Tensor input) {
    Tensor l;
    try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      l = net.logits(input).to(torch.ScalarType.Float);
      l.retainReference();
    }
    return Scopes.handOver(l);
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
}
