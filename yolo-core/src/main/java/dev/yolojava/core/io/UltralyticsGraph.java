package dev.yolojava.core.io;

import static dev.yolojava.core.io.TorchModules.child;
import static dev.yolojava.core.io.TorchModules.table;

import dev.yolojava.core.nn.Conv;
import dev.yolojava.core.nn.Detect;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.Layer;
import dev.yolojava.core.nn.LayerSpec;
import dev.yolojava.core.nn.Sequential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.StringSharedModuleDict;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * Re-creates the Python object graph Ultralytics pickles for a {@code DetectionModel} from our libtorch model: one
 * object per {@code nn.Module} with the class and instance attributes that Ultralytics' and PyTorch's constructors
 * set ({@code Conv2d} geometry and BatchNorm settings are read from the live libtorch modules; block attributes such
 * as {@code C2f.c}, {@code Bottleneck.add} or {@code Attention.key_dim} are derived as the Python constructors
 * derive them), and {@code parse_model}'s per-layer {@code np}, {@code i}, {@code f}, {@code type}. Activations
 * follow Ultralytics: every Conv shares one SiLU ({@code Conv.default_act}), except the deep-copied one-to-one
 * head branches, which each share their own copy; Convs built with {@code act=False} get their own Identity.
 */
final class UltralyticsGraph {
  private static final String CONV = "ultralytics.nn.modules.conv";
  private static final String BLOCK = "ultralytics.nn.modules.block";
  private static final String HEAD = "ultralytics.nn.modules.head";

  private final StorageTable storages;
  private final boolean half;
  private PyObject silu;

  private UltralyticsGraph(StorageTable storages, boolean half) {
    this.storages = storages;
    this.half = half;
  }

  /**
   * The {@code ultralytics.nn.tasks.DetectionModel} object of {@code model}, its tensors added to {@code storages}.
   *
   * @param half save floating tensors as float16 ({@code model.half()}), as Ultralytics does
   */
  static PyObject build(DetectionModel model, StorageTable storages, boolean half, Map<String, Object> yaml,
      Map<Integer, String> names, Map<String, Object> args) {
    if (model.isFused()) {
      throw new IllegalArgumentException("cannot save a fused model (BatchNorms folded into convolutions): save it"
          + " before fuse(), as Ultralytics saves the unfused EMA");
    }
    try (PointerScope scope = new PointerScope()) {
      return new UltralyticsGraph(storages, half).detectionModel(model, yaml, names, args);
    }
  }

  /**
   * The {@code ultralytics.nn.tasks.ClassificationModel} object of {@code model} with {@code transforms} =
   * {@code classify_transforms(imgsz)} as Ultralytics' trainer attaches them (its predictor reads them back).
   */
  static PyObject buildClassifier(dev.yolojava.core.nn.ClassificationModel model, StorageTable storages, boolean half,
      Map<String, Object> yaml, Map<Integer, String> names, Map<String, Object> args, int imgsz) {
    if (model.isFused()) {
      throw new IllegalArgumentException("cannot save a fused classifier: save it before fuse()");
    }
    try (PointerScope scope = new PointerScope()) {
      UltralyticsGraph g = new UltralyticsGraph(storages, half);
      g.silu = TorchModules.silu();
      PyObject root = TorchModules.module("ultralytics.nn.tasks", "ClassificationModel");
      root.put("yaml", yaml);
      PyObject seq = TorchModules.container("Sequential");
      child(root, "model", seq);
      List<LayerSpec> specs = model.config().layers();
      for (Layer l : model.layers()) {
        PyObject layer = g.layer(l, specs.get(l.index()), "model." + l.index());
        layer.put("np", parameterCount(l.block()));
        layer.put("i", l.index());
        List<Integer> from = specs.get(l.index()).from();
        layer.put("f", from.size() == 1 ? from.get(0) : new ArrayList<>(from));
        layer.put("type", layer.type().qualifiedName());
        child(seq, Integer.toString(l.index()), layer);
      }
      root.put("save", saveList(specs));
      root.put("stride", g.floatTensor(new int[] {1}, false, "stride"));
      root.put("names", names);
      root.put("args", args);
      root.put("transforms", classifyTransforms(imgsz, storages));
      root.put("criterion", null);
      return root;
    }
  }

  /** torchvision's {@code Compose([Resize(imgsz), CenterCrop(imgsz), ToTensor(), Normalize(0, 1)])}. */
  private static PyObject classifyTransforms(int imgsz, StorageTable storages) {
    String tv = "torchvision.transforms.transforms";
    PyObject resize = TorchModules.module(tv, "Resize");
    resize.put("training", true);
    resize.put("size", imgsz);
    resize.put("max_size", null);
    resize.put("interpolation", new PyCall(new PyGlobal("builtins", "getattr"), PyTuple.of(
        new PyGlobal("torchvision.transforms.functional", "InterpolationMode"), "BILINEAR")));
    resize.put("antialias", true);
    PyObject crop = TorchModules.module(tv, "CenterCrop");
    crop.put("training", true);
    crop.put("size", PyTuple.of(imgsz, imgsz));
    PyObject toTensor = new PyObject(new PyGlobal(tv, "ToTensor"), List.of());
    PyObject normalize = TorchModules.module(tv, "Normalize");
    normalize.put("training", true);
    try (PointerScope scope = new PointerScope()) {
      normalize.put("mean", storages.add(Tensors.fromFloats(new float[] {0, 0, 0}, new long[] {3}), false, false,
          "transforms.mean"));
      normalize.put("std", storages.add(Tensors.fromFloats(new float[] {1, 1, 1}, new long[] {3}), false, false,
          "transforms.std"));
    }
    normalize.put("inplace", false);
    PyObject compose = new PyObject(new PyGlobal(tv, "Compose"), List.of());
    compose.put("transforms", new ArrayList<>(List.of(resize, crop, toTensor, normalize)));
    return compose;
  }

  /** Ultralytics' {@code Classify}: conv, pool, drop, linear. */
  private PyObject classify(Module m, String path) {
    Map<String, Module> c = children(m, path, "conv", "linear");
    PyObject o = TorchModules.module("ultralytics.nn.modules.head", "Classify");
    child(o, "conv", conv(c.get("conv"), path + ".conv", true));
    child(o, "pool", TorchModules.adaptiveAvgPool2d(1));
    child(o, "drop", TorchModules.dropout(((dev.yolojava.core.nn.Classify) m).dropout(), true));
    Module lin = c.get("linear");
    if (lin.asLinear() == null) {
      throw unexpected(path + ".linear", lin, "Linear");
    }
    PyObject linear = TorchModules.linear(lin.asLinear().options().in_features().get(),
        lin.asLinear().options().out_features().get());
    addTensors(table(linear, "_parameters"), lin.named_parameters(false), true, path + ".linear");
    child(o, "linear", linear);
    return o;
  }

  private PyObject detectionModel(DetectionModel model, Map<String, Object> yaml, Map<Integer, String> names,
      Map<String, Object> args) {
    silu = TorchModules.silu();
    int[] kpt = model.kptShape();
    String rootClass = kpt != null ? "PoseModel" : model.task().equals("segment") ? "SegmentationModel"
        : "DetectionModel";
    PyObject root = TorchModules.module("ultralytics.nn.tasks", rootClass);
    PyObject seq = TorchModules.container("Sequential");
    child(root, "model", seq);
    List<LayerSpec> specs = model.config().layers();
    for (Layer l : model.layers()) {
      String path = "model." + l.index();
      PyObject layer = layer(l, specs.get(l.index()), path);
      layer.put("np", parameterCount(l.block()));
      layer.put("i", l.index());
      List<Integer> from = specs.get(l.index()).from();
      layer.put("f", from.size() == 1 ? from.get(0) : new ArrayList<>(from));
      layer.put("type", layer.type().qualifiedName());
      if (l.block() instanceof Detect) {
        layer.put("inplace", true);
      }
      child(seq, Integer.toString(l.index()), layer);
    }
    root.put("yaml", yaml);
    root.put("save", saveList(specs));
    root.put("names", names);
    root.put("inplace", true);
    root.put("stride", floatTensor(model.strides(), false, "stride"));
    root.put("nc", model.nc());
    root.put("args", args);
    if (kpt != null) { // PoseTrainer.set_model_attributes
      root.put("kpt_shape", List.of(kpt[0], kpt[1]));
      Map<Integer, Object> kptNames = new LinkedHashMap<>();
      List<String> numbered = new ArrayList<>();
      for (int i = 0; i < kpt[0]; i++) {
        numbered.add(Integer.toString(i));
      }
      for (int c = 0; c < model.nc(); c++) {
        kptNames.put(c, new ArrayList<>(numbered));
      }
      root.put("kpt_names", kptNames);
    }
    root.put("criterion", null);
    return root;
  }

  /** parse_model's {@code save}: every non-(-1) input index made absolute, sorted, duplicates kept. */
  private static List<Integer> saveList(List<LayerSpec> specs) {
    List<Integer> save = new ArrayList<>();
    for (LayerSpec s : specs) {
      for (int f : s.from()) {
        if (f != -1) {
          save.add(Math.floorMod(f, s.index()));
        }
      }
    }
    save.sort(null);
    return save;
  }

  private PyObject layer(Layer l, LayerSpec spec, String path) {
    Module m = l.block();
    List<Object> args = spec.args();
    return switch (l.block().type()) {
      case "Conv", "DWConv" -> conv(m, path, ((Conv) l.block()).hasActivation());
      case "C2f" -> c2f(m, path, flag(args, 1, false, spec));
      case "C3k2" -> c2f(m, path, flag(args, 5, true, spec));
      case "Bottleneck" -> bottleneck(m, path, flag(args, 1, true, spec));
      case "SPPF" -> sppf(m, path, number(args, 1, 5, spec).intValue(), flag(args, 3, false, spec));
      case "C2PSA" -> c2psa(m, path);
      case "Upsample" -> TorchModules.upsample(number(args, 1, 2, spec).doubleValue(),
          args.size() > 2 && args.get(2) instanceof String s ? s : "nearest");
      case "Concat" -> concat(number(args, 0, 1, spec).intValue());
      case "Detect" -> detect((Detect) l.block(), path);
      case "Pose", "Pose26" -> pose((dev.yolojava.core.nn.Pose) l.block(), path);
      case "Segment" -> segment((dev.yolojava.core.nn.Segment) l.block(), path);
      case "Classify" -> classify(m, path);
      case "Sequential" -> repeated((Sequential) l.block(), spec, path);
      default -> throw new IllegalArgumentException("layer " + l.index() + ": cannot save module " + l.block().type()
          + "; expected one of Conv, DWConv, C2f, C3k2, Bottleneck, SPPF, C2PSA, Upsample, Concat, Detect, Segment,"
          + " Pose, Pose26");
    };
  }

  /** A YAML module repeated n times without a repeats argument of its own: parse_model's nn.Sequential. */
  private PyObject repeated(Sequential s, LayerSpec spec, String path) {
    PyObject seq = TorchModules.container("Sequential");
    for (int i = 0; i < s.size(); i++) {
      dev.yolojava.core.nn.Block item = (dev.yolojava.core.nn.Block) s.get(i);
      Layer one = new Layer(spec.index(), List.of(), item.type(), 1, item, 0);
      child(seq, Integer.toString(i), layer(one, spec, path + "." + i));
    }
    return seq;
  }

  // ---- Ultralytics blocks

  private PyObject conv(Module m, String path, boolean act) {
    Map<String, Module> c = children(m, path, "conv", "bn");
    PyObject o = TorchModules.module(CONV, m.name().getString());
    child(o, "conv", conv2d(c.get("conv"), path + ".conv"));
    child(o, "bn", batchNorm(c.get("bn"), path + ".bn"));
    child(o, "act", act ? silu : TorchModules.identity());
    return o;
  }

  /** C2f and C3k2 (a C2f subclass): {@code c} is half of cv1's output. */
  private PyObject c2f(Module m, String path, boolean shortcut) {
    Map<String, Module> c = children(m, path, "cv1", "cv2", "m");
    PyObject o = TorchModules.module(BLOCK, m.name().getString());
    child(o, "cv1", conv(c.get("cv1"), path + ".cv1", true));
    child(o, "cv2", conv(c.get("cv2"), path + ".cv2", true));
    PyObject list = TorchModules.container("ModuleList");
    int i = 0;
    for (Map.Entry<String, Module> e : children(c.get("m"), path + ".m").entrySet()) {
      String p = path + ".m." + e.getKey();
      Module inner = e.getValue();
      PyObject item = switch (inner.name().getString()) {
        case "Bottleneck" -> bottleneck(inner, p, shortcut);
        case "C3k" -> c3k(inner, p, shortcut);
        case "Sequential" -> bottleneckWithAttention(inner, p, shortcut);
        default -> throw unexpected(p, inner, "Bottleneck, C3k or Sequential(Bottleneck, PSABlock)");
      };
      child(list, Integer.toString(i++), item);
    }
    child(o, "m", list);
    o.put("c", outChannels(c.get("cv1"), path + ".cv1") / 2);
    return o;
  }

  private PyObject bottleneckWithAttention(Module m, String path, boolean shortcut) {
    Map<String, Module> c = children(m, path, "0", "1");
    PyObject seq = TorchModules.container("Sequential");
    child(seq, "0", bottleneck(c.get("0"), path + ".0", shortcut));
    child(seq, "1", psaBlock(c.get("1"), path + ".1"));
    return seq;
  }

  private PyObject bottleneck(Module m, String path, boolean shortcut) {
    Map<String, Module> c = children(m, path, "cv1", "cv2");
    PyObject o = TorchModules.module(BLOCK, "Bottleneck");
    child(o, "cv1", conv(c.get("cv1"), path + ".cv1", true));
    child(o, "cv2", conv(c.get("cv2"), path + ".cv2", true));
    o.put("add", shortcut && inChannels(c.get("cv1"), path) == outChannels(c.get("cv2"), path));
    return o;
  }

  private PyObject c3k(Module m, String path, boolean shortcut) {
    Map<String, Module> c = children(m, path, "cv1", "cv2", "cv3", "m");
    PyObject o = TorchModules.module(BLOCK, "C3k");
    for (String cv : List.of("cv1", "cv2", "cv3")) {
      child(o, cv, conv(c.get(cv), path + "." + cv, true));
    }
    PyObject seq = TorchModules.container("Sequential");
    for (Map.Entry<String, Module> e : children(c.get("m"), path + ".m").entrySet()) {
      child(seq, e.getKey(), bottleneck(e.getValue(), path + ".m." + e.getKey(), shortcut));
    }
    child(o, "m", seq);
    return o;
  }

  private PyObject sppf(Module m, String path, int k, boolean shortcut) {
    Map<String, Module> c = children(m, path, "cv1", "cv2");
    PyObject o = TorchModules.module(BLOCK, "SPPF");
    child(o, "cv1", conv(c.get("cv1"), path + ".cv1", false));
    child(o, "cv2", conv(c.get("cv2"), path + ".cv2", true));
    child(o, "m", TorchModules.maxPool2d(k));
    long c1 = inChannels(c.get("cv1"), path);
    long hidden = outChannels(c.get("cv1"), path);
    long n = inChannels(c.get("cv2"), path) / hidden - 1; // cv2 reads the n + 1 concatenated maps
    o.put("n", (int) n);
    o.put("add", shortcut && c1 == outChannels(c.get("cv2"), path));
    return o;
  }

  private PyObject c2psa(Module m, String path) {
    Map<String, Module> c = children(m, path, "cv1", "cv2", "m");
    PyObject o = TorchModules.module(BLOCK, "C2PSA");
    child(o, "cv1", conv(c.get("cv1"), path + ".cv1", true));
    child(o, "cv2", conv(c.get("cv2"), path + ".cv2", true));
    PyObject seq = TorchModules.container("Sequential");
    for (Map.Entry<String, Module> e : children(c.get("m"), path + ".m").entrySet()) {
      child(seq, e.getKey(), psaBlock(e.getValue(), path + ".m." + e.getKey()));
    }
    child(o, "m", seq);
    o.put("c", outChannels(c.get("cv1"), path + ".cv1") / 2);
    return o;
  }

  private PyObject psaBlock(Module m, String path) {
    Map<String, Module> c = children(m, path, "attn", "ffn");
    PyObject o = TorchModules.module(BLOCK, "PSABlock");
    child(o, "attn", attention(c.get("attn"), path + ".attn"));
    Map<String, Module> ffn = children(c.get("ffn"), path + ".ffn", "0", "1");
    PyObject seq = TorchModules.container("Sequential");
    child(seq, "0", conv(ffn.get("0"), path + ".ffn.0", true));
    child(seq, "1", conv(ffn.get("1"), path + ".ffn.1", false));
    child(o, "ffn", seq);
    o.put("add", true); // C2PSA and C3k2 always build PSABlocks with shortcut=True
    return o;
  }

  /** Heads are {@code max(dim // 64, 1)} with {@code attn_ratio = 0.5}, as C2PSA and C3k2 construct them. */
  private PyObject attention(Module m, String path) {
    Map<String, Module> c = children(m, path, "qkv", "proj", "pe");
    PyObject o = TorchModules.module(BLOCK, "Attention");
    for (String cv : List.of("qkv", "proj", "pe")) {
      child(o, cv, conv(c.get(cv), path + "." + cv, false));
    }
    long dim = outChannels(c.get("proj"), path + ".proj");
    long heads = Math.max(dim / 64, 1);
    long headDim = dim / heads;
    long keyDim = (long) (headDim * 0.5);
    long qkvOut = outChannels(c.get("qkv"), path + ".qkv");
    if (qkvOut != dim + 2 * keyDim * heads) {
      throw new IllegalStateException(path + ".qkv has " + qkvOut + " output channels; expected " + dim + " + 2 x "
          + keyDim + " x " + heads + " for " + heads + " heads with attn_ratio 0.5");
    }
    o.put("num_heads", heads);
    o.put("head_dim", headDim);
    o.put("key_dim", keyDim);
    o.put("scale", Math.pow(keyDim, -0.5));
    return o;
  }

  private static PyObject concat(int d) {
    PyObject o = TorchModules.module(CONV, "Concat");
    o.put("d", d);
    return o;
  }

  // ---- head

  private PyObject detect(Detect d, String path) {
    return detect(d, path, "Detect");
  }

  private PyObject detect(Detect d, String path, String cls) {
    Map<String, Module> c = children(d, path);
    PyObject o = TorchModules.module(HEAD, cls);
    child(o, "cv2", headBranches(c.get("cv2"), path + ".cv2"));
    child(o, "cv3", headBranches(c.get("cv3"), path + ".cv3"));
    child(o, "dfl", d.regMax() > 1 ? dfl(c.get("dfl"), path + ".dfl") : TorchModules.identity());
    if (d.hasOneToOne()) {
      PyObject shared = silu;
      for (String branch : List.of("one2one_cv2", "one2one_cv3")) {
        silu = TorchModules.silu(); // copy.deepcopy of the branch copies the shared SiLU once
        child(o, branch, headBranches(c.get(branch), path + "." + branch));
      }
      silu = shared;
    }
    o.put("nc", d.nc());
    o.put("nl", d.levels());
    o.put("reg_max", d.regMax());
    o.put("no", d.nc() + 4 * d.regMax());
    double[] s = d.strides();
    int[] strides = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      strides[i] = (int) s[i];
    }
    o.put("stride", floatTensor(strides, half, path + ".stride")); // BaseModel._apply converts the head's stride
    return o;
  }

  /**
   * Ultralytics' {@code Pose} / {@code Pose26}: the Detect part, then the keypoint branches in the order Python
   * registers them ({@code cv4}, {@code one2one_cv4}; YOLO26: {@code flow_model}, {@code cv4_kpts},
   * {@code cv4_sigma} and their one-to-one copies), {@code kpt_shape}, {@code nk} (and {@code nk_sigma}).
   */
  private PyObject pose(dev.yolojava.core.nn.Pose p, String path) {
    PyObject o = detect(p, path, p.yolo26() ? "Pose26" : "Pose");
    Map<String, Module> c = children(p, path);
    PyObject shared = silu;
    for (String name : List.of("cv4", "one2one_cv4", "flow_model", "cv4_kpts", "cv4_sigma", "one2one_cv4_kpts",
        "one2one_cv4_sigma")) {
      Module m = c.get(name);
      if (m == null) {
        continue;
      }
      silu = name.startsWith("one2one") ? TorchModules.silu() : shared; // deepcopy gives the copy its own SiLU
      child(o, name, name.equals("flow_model") ? realNvp(m, path + "." + name)
          : headBranches(m, path + "." + name));
    }
    silu = shared;
    int[] k = p.kptShape();
    o.put("kpt_shape", List.of(k[0], k[1]));
    o.put("nk", k[0] * k[1]);
    if (p.yolo26()) {
      o.put("nk_sigma", k[0] * 2);
    }
    return o;
  }

  /**
   * Ultralytics' {@code Segment}: the Detect part, then {@code proto} (a {@code Proto}: cv1, a 2x2 ConvTranspose2d
   * upsample, cv2, cv3) and the mask-coefficient branches {@code cv4}; {@code nm} and {@code npr}.
   */
  private PyObject segment(dev.yolojava.core.nn.Segment s, String path) {
    PyObject o = detect(s, path, "Segment");
    Map<String, Module> c = children(s, path, "proto", "cv4");
    Map<String, Module> p = children(c.get("proto"), path + ".proto", "cv1", "upsample", "cv2", "cv3");
    PyObject proto = TorchModules.module(BLOCK, "Proto");
    child(proto, "cv1", conv(p.get("cv1"), path + ".proto.cv1", true));
    Module up = p.get("upsample");
    if (up.asConvTranspose2d() == null) {
      throw unexpected(path + ".proto.upsample", up, "ConvTranspose2d");
    }
    PyObject upsample = TorchModules.convTranspose2d(up.asConvTranspose2d().options());
    addTensors(table(upsample, "_parameters"), up.named_parameters(false), true, path + ".proto.upsample");
    child(proto, "upsample", upsample);
    child(proto, "cv2", conv(p.get("cv2"), path + ".proto.cv2", true));
    child(proto, "cv3", conv(p.get("cv3"), path + ".proto.cv3", true));
    child(o, "proto", proto);
    child(o, "cv4", headBranches(c.get("cv4"), path + ".cv4"));
    if (c.containsKey("one2one_cv4")) {
      PyObject shared = silu;
      silu = TorchModules.silu();
      child(o, "one2one_cv4", headBranches(c.get("one2one_cv4"), path + ".one2one_cv4"));
      silu = shared;
    }
    o.put("nm", s.masks());
    o.put("npr", outChannels(p.get("cv1"), path + ".proto.cv1"));
    return o;
  }

  /** Ultralytics' {@code RealNVP}: buffers {@code loc, cov, mask}; {@code s} and {@code t}, ModuleLists of MLPs. */
  private PyObject realNvp(Module m, String path) {
    Map<String, Module> c = children(m, path, "s", "t");
    PyObject o = TorchModules.module(BLOCK, "RealNVP");
    addTensors(table(o, "_buffers"), m.named_buffers(false), false, path);
    for (String list : List.of("s", "t")) {
      PyObject out = TorchModules.container("ModuleList");
      for (Map.Entry<String, Module> e : children(c.get(list), path + "." + list).entrySet()) {
        child(out, e.getKey(), mlp(e.getValue(), path + "." + list + "." + e.getKey(), list.equals("s")));
      }
      child(o, list, out);
    }
    return o;
  }

  /**
   * RealNVP's scale ({@code tanh}) or translation net: Python's Sequential of Linear, SiLU, Linear, SiLU, Linear (and
   * Tanh); here the activations are functional, so only the Linears at 0, 2 and 4 are children.
   */
  private PyObject mlp(Module m, String path, boolean tanh) {
    Map<String, Module> linears = children(m, path, "0", "2", "4");
    PyObject seq = TorchModules.container("Sequential");
    for (int i = 0; i < 6; i++) {
      String key = Integer.toString(i);
      PyObject leaf;
      if (i % 2 == 0) {
        Module l = linears.get(key);
        if (l.asLinear() == null) {
          throw unexpected(path + "." + key, l, "Linear");
        }
        leaf = TorchModules.linear(l.asLinear().options().in_features().get(),
            l.asLinear().options().out_features().get());
        addTensors(table(leaf, "_parameters"), l.named_parameters(false), true, path + "." + key);
      } else if (i < 5) {
        leaf = TorchModules.silu();
      } else if (tanh) {
        leaf = TorchModules.module("torch.nn.modules.activation", "Tanh");
      } else {
        break;
      }
      child(seq, key, leaf);
    }
    return seq;
  }

  /** A ModuleList of per-level Sequentials of Conv, DWConv, nested Sequentials and a final Conv2d. */
  private PyObject headBranches(Module list, String path) {
    if (list == null) {
      throw new IllegalStateException(path + " is missing from the model; expected the head branch");
    }
    PyObject out = TorchModules.container("ModuleList");
    for (Map.Entry<String, Module> e : children(list, path).entrySet()) {
      child(out, e.getKey(), headItem(e.getValue(), path + "." + e.getKey()));
    }
    return out;
  }

  private PyObject headItem(Module m, String path) {
    String name = m.name().getString();
    return switch (name) {
      case "Conv", "DWConv" -> conv(m, path, true);
      case "Sequential" -> {
        PyObject seq = TorchModules.container("Sequential");
        for (Map.Entry<String, Module> e : children(m, path).entrySet()) {
          child(seq, e.getKey(), headItem(e.getValue(), path + "." + e.getKey()));
        }
        yield seq;
      }
      default -> {
        if (m.asConv2d() == null) {
          throw unexpected(path, m, "Conv, DWConv, Sequential or Conv2d");
        }
        yield conv2d(m, path);
      }
    };
  }

  private PyObject dfl(Module m, String path) {
    Map<String, Module> c = children(m, path, "conv");
    PyObject o = TorchModules.module(BLOCK, "DFL");
    child(o, "conv", conv2d(c.get("conv"), path + ".conv"));
    o.put("c1", inChannels(c.get("conv"), path + ".conv"));
    return o;
  }

  // ---- torch leaves and tensors

  private PyObject conv2d(Module m, String path) {
    if (m == null || m.asConv2d() == null) {
      throw unexpected(path, m, "Conv2d");
    }
    PyObject o = TorchModules.conv2d(m.asConv2d().options());
    Map<String, Object> params = table(o, "_parameters");
    addTensors(params, m.named_parameters(false), true, path);
    params.putIfAbsent("bias", null); // bias=False registers None in Python
    return o;
  }

  private PyObject batchNorm(Module m, String path) {
    if (m == null || m.asBatchNorm2d() == null) {
      throw unexpected(path, m, "BatchNorm2d");
    }
    PyObject o = TorchModules.batchNorm2d(m.asBatchNorm2d().options());
    addTensors(table(o, "_parameters"), m.named_parameters(false), true, path);
    addTensors(table(o, "_buffers"), m.named_buffers(false), false, path);
    return o;
  }

  private void addTensors(Map<String, Object> into, StringTensorDict tensors, boolean parameters, String path) {
    for (long i = 0; i < tensors.size(); i++) {
      String name = tensors.get(i).key().getString();
      Tensor t = tensors.get(i).value();
      into.put(name, t.defined() ? storages.add(t, half, parameters, path + "." + name) : null);
    }
  }

  private TensorRef floatTensor(int[] values, boolean asHalf, String name) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = values[i];
    }
    try (PointerScope scope = new PointerScope()) {
      return storages.add(Tensors.fromFloats(f, new long[] {f.length}), asHalf, false, name);
    }
  }

  private static long parameterCount(Module m) {
    long n = 0;
    StringTensorDict params = m.named_parameters(true);
    for (long i = 0; i < params.size(); i++) {
      n += params.get(i).value().numel();
    }
    return n;
  }

  private static long inChannels(Module conv, String path) {
    return conv2dOf(conv, path).options().in_channels().get();
  }

  private static long outChannels(Module conv, String path) {
    return conv2dOf(conv, path).options().out_channels().get();
  }

  /** The Conv2d of an Ultralytics Conv, or the module itself if it is one. */
  private static org.bytedeco.pytorch.Conv2dImpl conv2dOf(Module m, String path) {
    if (m.asConv2d() != null) {
      return m.asConv2d();
    }
    Module inner = children(m, path, "conv").get("conv");
    if (inner.asConv2d() == null) {
      throw unexpected(path + ".conv", inner, "Conv2d");
    }
    return inner.asConv2d();
  }

  /** Children in registration order; each of {@code required} must be present. */
  private static Map<String, Module> children(Module m, String path, String... required) {
    Map<String, Module> out = new LinkedHashMap<>();
    StringSharedModuleDict c = m.named_children();
    for (long i = 0; i < c.size(); i++) {
      out.put(c.get(i).key().getString(), c.get(i).value());
    }
    for (String r : required) {
      if (!out.containsKey(r)) {
        throw new IllegalStateException(path + " (" + m.name().getString() + ") has children " + out.keySet()
            + "; expected " + List.of(required));
      }
    }
    return out;
  }

  private static IllegalStateException unexpected(String path, Module m, String expected) {
    return new IllegalStateException(path + " is " + (m == null ? "missing" : "a " + m.name().getString())
        + "; expected " + expected);
  }

  // ---- YAML arguments

  private static boolean flag(List<Object> args, int index, boolean dflt, LayerSpec spec) {
    Object v = index < args.size() ? args.get(index) : null;
    if (v == null || "None".equals(v)) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if ("True".equals(v) || "False".equals(v)) {
      return "True".equals(v);
    }
    throw new IllegalArgumentException("model YAML layer " + spec.index() + " (" + spec.module() + "): argument "
        + index + " is " + v + "; expected True or False");
  }

  private static Number number(List<Object> args, int index, Number dflt, LayerSpec spec) {
    Object v = index < args.size() ? args.get(index) : null;
    if (v == null || "None".equals(v)) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException("model YAML layer " + spec.index() + " (" + spec.module() + "): argument "
        + index + " is " + v + "; expected a number");
  }
}
