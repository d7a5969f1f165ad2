package dev.yolojava.core.nn;

import dev.yolojava.runtime.Scopes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A YOLO image classifier (YOLOv8/YOLO11/YOLO26 {@code -cls} YAMLs: a backbone and a {@link Classify} head) as a
 * libtorch module tree with Ultralytics {@code state_dict} keys, built like Ultralytics' {@code ClassificationModel}:
 * no stride, PyTorch's default BatchNorm eps and momentum (it never calls {@code initialize_weights}), and the model
 * left in training mode. In training mode {@link #forward} gives logits, in eval mode class probabilities.
 *
 * <p>Tensors returned by the forward methods are handed to the caller's innermost {@code PointerScope} (see
 * {@code docs/architecture.md}); intermediates are freed before the methods return.
 */
public final class ClassificationModel extends Module {
  static {
    dev.yolojava.runtime.TorchDefaults.configure();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClassificationModel.class);

  private final ModelConfig config;
  private final List<Layer> layers;
  private final Set<Integer> save;
  private final Classify head;
  private final Module sequential;

  private ClassificationModel(ModelConfig config) {
    super("ClassificationModel");
    retainReference();
    this.config = config;
    ModelBuilder.Result built;
    synchronized (DetectionModel.RANDOM_INIT) {
      built = ModelBuilder.build(config);
    }
    this.layers = List.copyOf(built.layers());
    this.save = built.save();
    if (!(layers.get(layers.size() - 1).block() instanceof Classify c)) {
      throw new IllegalArgumentException("model YAML " + config.name() + ": its head is "
          + layers.get(layers.size() - 1).type() + ", expected Classify for a classification model");
    }
    this.head = c;
    this.sequential = new Module("Sequential"); // held: libtorch calls back into it
    sequential.retainReference();
    register_module("model", sequential);
    for (Layer l : layers) {
      sequential.register_module(Integer.toString(l.index()), l.block());
      useTorchBatchNormDefaults(l.block());
    }
    train(true);
  }

  private static void useTorchBatchNormDefaults(Block b) {
    if (b instanceof Conv c) {
      c.useTorchBatchNormDefaults();
    }
    for (Block sub : b.subBlocks()) {
      useTorchBatchNormDefaults(sub);
    }
  }

  /** Builds from a parsed YAML map (e.g. a checkpoint's {@code yaml}); {@code nc <= 0} keeps the YAML's. */
  public static ClassificationModel fromYaml(Map<String, Object> yaml, int nc) {
    return new ClassificationModel(ModelConfig.fromMap(yaml, nc));
  }

  /** Builds from a built-in name ({@code yolov8n-cls.yaml}, {@code yolo11s-cls.yaml}, ...) or a YAML file. */
  public static ClassificationModel fromYaml(String nameOrPath, int nc) {
    return new ClassificationModel(ModelConfig.load(nameOrPath, nc));
  }

  public static ClassificationModel fromConfig(ModelConfig config) {
    return new ClassificationModel(config);
  }

  /** Whether a parsed model YAML ends in a {@code Classify} head (so it builds a classifier, not a detector). */
  public static boolean isClassifier(Map<String, Object> yaml) {
    Object head = yaml.get("head");
    if (!(head instanceof List<?> rows) || rows.isEmpty() || !(rows.get(rows.size() - 1) instanceof List<?> last)
        || last.size() < 3) {
      return false;
    }
    return "Classify".equals(String.valueOf(last.get(2)));
  }

  /** Training mode: logits {@code (B, nc)}; eval mode: their softmax, as Ultralytics' head returns first. */
  public Tensor forward(Tensor x) {
    Tensor y;
    try (PointerScope scope = new PointerScope()) {
      y = logitsInScope(x);
      if (!is_training()) {
        y = torch.softmax(y, 1);
      }
      y.retainReference();
    }
    return Scopes.handOver(y);
  }

  /** Logits {@code (B, nc)} in any mode (the loss takes these; Ultralytics' eval head returns them second). */
  public Tensor logits(Tensor x) {
    Tensor y;
    try (PointerScope scope = new PointerScope()) {
      y = logitsInScope(x);
      y.retainReference();
    }
    return Scopes.handOver(y);
  }

  private Tensor logitsInScope(Tensor x) {
    PointerScope owner = PointerScope.getInnerScope();
    Tensor[] outputs = new Tensor[layers.size()];
    Tensor prev = x;
    for (Layer l : layers) {
      List<Tensor> in = new ArrayList<>(l.from().size());
      for (int f : l.from()) {
        in.add(f == -1 ? x : f == l.index() - 1 ? prev : outputs[f]);
      }
      try (PointerScope s = new PointerScope()) {
        prev = l.block().forward(in);
        owner.attach(prev);
      }
      if (save.contains(l.index())) {
        outputs[l.index()] = prev;
      }
    }
    return prev;
  }

  /** Records the eval-mode computation on {@code g} from {@code image}; returns the name of the probabilities. */
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

  /** Strict load by Ultralytics key: one error listing every missing, unexpected and mis-shaped key. */
  public void loadStateDict(Map<String, Tensor> stateDict) {
    LoadReport r = StateDicts.load(this, stateDict, true);
    LOG.debug("{}", r);
  }

  /** Transfer-learning load: the tensors whose name and shape match (the caller logs the report). */
  public LoadReport loadStateDictLenient(Map<String, Tensor> stateDict) {
    return StateDicts.load(this, stateDict, false);
  }

  public LinkedHashMap<String, Tensor> stateDict() {
    return StateDicts.of(this);
  }

  public long parameterCount() {
    return StateDicts.parameterCount(this);
  }

  public long gradientCount() {
    return StateDicts.gradientCount(this);
  }

  /** Leaf modules as Ultralytics counts "layers". */
  public int layerCount() {
    return StateDicts.layerCount(layers);
  }

  public boolean isFused() {
    return StateDicts.isFused(this);
  }

  /** Ultralytics-style summary, e.g. {@code YOLOv8n-cls summary: 56 layers, 2,719,288 parameters, ...}; logged. */
  public String info() {
    String name = config.name().isEmpty() ? "Model" : config.name().replace("yolo", "YOLO");
    String s = String.format(Locale.ROOT, "%s summary%s: %,d layers, %,d parameters, %,d gradients", name,
        isFused() ? " (fused)" : "", layerCount(), parameterCount(), gradientCount());
    LOG.info(s);
    return s;
  }

  /** Folds BatchNorms into convolutions (inference only); parameters stop requiring gradients. */
  public void fuse() {
    if (isFused()) {
      return;
    }
    for (Layer l : layers) {
      l.block().fuse();
    }
    for (Tensor t : StateDicts.parameters(this).values()) {
      t.requires_grad_(false);
    }
    info();
  }

  public int nc() {
    return head.nc();
  }

  public String task() {
    return "classify";
  }

  public ModelConfig config() {
    return config;
  }

  public List<Layer> layers() {
    return layers;
  }

  public Classify head() {
    return head;
  }
}
