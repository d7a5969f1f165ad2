package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds layers from a {@link ModelConfig} the way Ultralytics' {@code parse_model} does: width scaling
 * {@code make_divisible(min(c2, max_channels) * width, 8)} (skipped when {@code c2 == nc}), depth scaling
 * {@code max(round(n * depth), 1)} for {@code n > 1}, repeats passed into CSP blocks (C2f, C3k2, C2PSA) and
 * otherwise stacked in a Sequential, C3k2's {@code c3k} forced on for scales m/l/x, and the Detect head's
 * legacy class branch only for models without C3k2.
 */
final class ModelBuilder {
  static final Set<String> SUPPORTED =
      Set.of("Conv", "DWConv", "Bottleneck", "C2f", "C3k2", "SPPF", "C2PSA", "nn.Upsample", "Concat", "Detect",
          "Segment", "Segment26", "Pose", "Pose26", "Classify");
  /** The heads: the last layer is one of them, and only the last. */
  static final Set<String> HEADS = Set.of("Detect", "Segment", "Segment26", "Pose", "Pose26", "Classify");

  private final ModelConfig cfg;
  private final List<Integer> channels = new ArrayList<>();
  private final Set<Integer> save = new TreeSet<>();
  private boolean legacy = true;

  private ModelBuilder(ModelConfig cfg) {
    this.cfg = cfg;
  }

  /** The built layers and the indices of layers whose outputs later layers read. */
  record Result(List<Layer> layers, Set<Integer> save) {}

  static Result build(ModelConfig cfg) {
    ModelBuilder b = new ModelBuilder(cfg);
    List<Layer> layers = new ArrayList<>();
    List<LayerSpec> specs = cfg.layers();
    for (LayerSpec spec : specs) {
      checkArgument(
          !HEADS.contains(spec.module()) || spec.index() == specs.size() - 1,
          "model YAML layer %s: %s must be the last layer (of %s)",
          spec.index(),
          spec.module(),
          specs.size());
      layers.add(b.layer(spec));
    }
    checkArgument(
        layers.get(layers.size() - 1).block() instanceof Detect || layers.get(layers.size() - 1).block() instanceof Classify,
        "model YAML: the last layer is %s, expected a head (Detect, Segment, Segment26, Pose, Pose26, Classify)",
        specs.get(specs.size() - 1).module());
    return new Result(layers, b.save);
  }

  private int inChannels(int from) {
    if (channels.isEmpty()) {
      return cfg.channels(); // layer 0 reads the image
    }
    return channels.get(from < 0 ? channels.size() + from : from);
  }

  private int scaleWidth(int c2) {
    if (c2 == cfg.nc()) {
      return c2; // Ultralytics leaves a width equal to nc unscaled (meant for classifier outputs)
    }
    double x = Math.min(c2, cfg.maxChannels()) * cfg.width();
    return (int) (Math.ceil(x / 8) * 8);
  }

  private Layer layer(LayerSpec spec) {
    int i = spec.index();
    List<Object> args = resolveStrings(spec.args());
    int n = spec.repeats() > 1 ? Math.max((int) Math.rint(spec.repeats() * cfg.depth()), 1) : spec.repeats();
    String module = spec.module();
    checkArgument(
        SUPPORTED.contains(module),
        "model YAML layer %s: unknown module '%s', expected one of %s",
        i,
        module,
        new TreeSet<>(SUPPORTED));
    int f0 = spec.from().get(0);
    int c1 = inChannels(f0);
    Block block;
    int c2;
    switch (module) {
      case "Conv" -> {
        Args a = new Args(i, module, args, List.of("c2", "k", "s", "p", "g", "d", "act"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        block = repeat(n, () -> new Conv(c1, c2, a.integer(1, 1), a.integer(2, 1), a.integer(3, -1),
            a.integer(4, 1), a.integer(5, 1), a.bool(6, true)));
      }
      case "DWConv" -> {
        Args a = new Args(i, module, args, List.of("c2", "k", "s", "d", "act"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        block = repeat(n, () -> Conv.depthwise(c1, c2, a.integer(1, 1), a.integer(2, 1), a.integer(3, 1),
            a.bool(4, true)));
      }
      case "Bottleneck" -> {
        Args a = new Args(i, module, args, List.of("c2", "shortcut", "g", "k", "e"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        int[] k = a.kernelPair(3, 3);
        block = repeat(n, () -> new Bottleneck(c1, c2, a.bool(1, true), a.integer(2, 1), k[0], k[1],
            a.real(4, 0.5)));
      }
      case "C2f" -> {
        Args a = new Args(i, module, args, List.of("c2", "shortcut", "g", "e"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        block = C2f.c2f(c1, c2, n, a.bool(1, false), a.integer(2, 1), a.real(3, 0.5));
      }
      case "C3k2" -> {
        Args a = new Args(i, module, args, List.of("c2", "c3k", "e", "attn", "g", "shortcut"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        legacy = false;
        // Ultralytics forces C3k blocks for larger scales (its check `scale in "mlx"` is also true for "")
        boolean c3k = "mlx".contains(cfg.scale()) || a.bool(1, false);
        block = C2f.c3k2(c1, c2, n, c3k, a.real(2, 0.5), a.bool(3, false), a.integer(4, 1), a.bool(5, true));
      }
      case "SPPF" -> {
        Args a = new Args(i, module, args, List.of("c2", "k", "n", "shortcut"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        block = repeat(n, () -> new Sppf(c1, c2, a.integer(1, 5), a.integer(2, 3), a.bool(3, false)));
      }
      case "C2PSA" -> {
        Args a = new Args(i, module, args, List.of("c2", "e"), 1);
        c2 = scaleWidth(a.integer(0, 0));
        block = new C2Psa(c1, c2, n, a.real(1, 0.5));
      }
      case "nn.Upsample" -> {
        Args a = new Args(i, module, args, List.of("size", "scale_factor", "mode"), 2);
        checkArgument(!a.has(0), "%s: size is %s, expected None (use scale_factor)", a.where(), a.raw(0));
        Object mode = a.raw(2);
        checkArgument(
            mode == null || mode.equals("nearest"), "%s: mode is '%s', expected 'nearest'", a.where(), mode);
        c2 = c1;
        block = repeat(n, () -> new Upsample(a.integer(1, 2)));
      }
      case "Concat" -> {
        Args a = new Args(i, module, args, List.of("dimension"), 0);
        int sum = 0;
        for (int f : spec.from()) {
          sum += inChannels(f);
        }
        c2 = sum;
        block = repeat(n, () -> new Concat(a.integer(0, 1)));
      }
      case "Detect" -> {
        Args a = new Args(i, module, args, List.of("nc"), 1);
        checkArgument(n == 1, "%s: repeats is %s, expected 1", a.where(), n);
        int[] ch = spec.from().stream().mapToInt(this::inChannels).toArray();
        block = new Detect(a.integer(0, cfg.nc()), cfg.regMax(), cfg.endToEnd(), legacy, ch);
        c2 = 0;
      }
      case "Segment", "Segment26" -> {
        Args a = new Args(i, module, args, List.of("nc", "nm", "npr"), 1);
        checkArgument(n == 1, "%s: repeats is %s, expected 1", a.where(), n);
        int[] ch = spec.from().stream().mapToInt(this::inChannels).toArray();
        // parse_model scales the prototype channels like a layer width (without the nc exception)
        int npr = (int) (Math.ceil(Math.min(a.integer(2, 256), cfg.maxChannels()) * cfg.width() / 8) * 8);
        block = new Segment(a.integer(0, cfg.nc()), a.integer(1, 32), npr, cfg.regMax(), cfg.endToEnd(), legacy, ch,
            module.equals("Segment26"));
        c2 = 0;
      }
      case "Classify" -> {
        Args a = new Args(i, module, args, List.of("c2", "k", "s", "p", "g"), 1);
        checkArgument(n == 1, "%s: repeats is %s, expected 1", a.where(), n);
        int sum = 0;
        for (int f : spec.from()) {
          sum += inChannels(f); // a list input is concatenated along channels
        }
        int cin = sum;
        c2 = scaleWidth(a.integer(0, cfg.nc())); // nc itself stays unscaled
        block = new Classify(cin, c2, a.integer(1, 1), a.integer(2, 1), a.integer(3, -1), a.integer(4, 1));
      }
      case "Pose", "Pose26" -> {
        Args a = new Args(i, module, args, List.of("nc", "kpt_shape"), 1);
        checkArgument(n == 1, "%s: repeats is %s, expected 1", a.where(), n);
        int[] ch = spec.from().stream().mapToInt(this::inChannels).toArray();
        block = new Pose(a.integer(0, cfg.nc()), kptShape(a), cfg.regMax(), cfg.endToEnd(), legacy, ch,
            module.equals("Pose26"));
        c2 = 0;
      }
      default -> throw new IllegalStateException("unhandled module " + module);
    }
    for (int f : spec.from()) {
      if (f != -1) {
        save.add(f < 0 ? f + i : f);
      }
    }
    List<Integer> from = new ArrayList<>();
    for (int f : spec.from()) {
      from.add(i == 0 ? -1 : f < 0 ? i + f : f);
    }
    channels.add(c2);
    return new Layer(i, from, module, n, block, c2);
  }

  /** The head's {@code kpt_shape} ({@code [17, 3]}, or the name of the YAML's top-level one). */
  private static int[] kptShape(Args a) {
    Object v = a.raw(1);
    checkArgument(v instanceof List<?> l && l.size() == 2 && l.stream().allMatch(Integer.class::isInstance),
        "%s: kpt_shape is %s, expected [keypoints, dims] like [17, 3] (or kpt_shape with a top-level kpt_shape)",
        a.where(), v);
    List<?> l = (List<?>) v;
    return new int[] {(Integer) l.get(0), (Integer) l.get(1)};
  }

  private static Block repeat(int n, Supplier<Block> factory) {
    if (n == 1) {
      return factory.get();
    }
    Sequential s = new Sequential("Sequential");
    for (int k = 0; k < n; k++) {
      s.append(factory.get());
    }
    return s;
  }

  /** Ultralytics evaluates string args: names of parse_model locals (nc, reg_max, ...) or Python literals. */
  private List<Object> resolveStrings(List<Object> raw) {
    List<Object> out = new ArrayList<>();
    for (Object o : raw) {
      out.add(o instanceof String s ? resolve(s) : o);
    }
    return out;
  }

  private Object resolve(String s) {
    switch (s) {
      case "nc":
        return cfg.nc();
      case "reg_max":
        return cfg.regMax();
      case "end2end":
        return cfg.endToEnd();
      case "kpt_shape":
        int[] k = cfg.kptShape();
        return k == null ? null : List.of(k[0], k[1]);
      case "None":
        return null;
      case "True":
        return true;
      case "False":
        return false;
      default:
        break;
    }
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      // not an int literal
    }
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return s; // a plain string such as "nearest"
    }
  }
}
