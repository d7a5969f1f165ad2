package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A detection model's architecture as read from an Ultralytics model YAML: class count, compound-scaling
 * constants of the chosen scale, head options and the {@code backbone + head} layer rows.
 *
 * <p>Scale resolution follows Ultralytics: the scale letter comes from the YAML's {@code scale} key (checkpoints
 * carry it) or from a file name like {@code yolov8s.yaml}; without one, the first entry of {@code scales} is used.
 */
public final class ModelConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ModelConfig.class);
  private static final String RESOURCES = "/dev/yolojava/core/models/";
  /** Built-in family YAMLs shipped as resources. */
  public static final Set<String> BUILT_INS = Set.of("yolov8.yaml", "yolo11.yaml", "yolo26.yaml");
  /** Built-in classifier YAMLs (their backbones differ from the detection ones, so they are files of their own). */
  public static final Set<String> CLASSIFY_BUILT_INS = Set.of("yolov8-cls.yaml", "yolo11-cls.yaml", "yolo26-cls.yaml");

  private static final Pattern SCALE_IN_NAME = Pattern.compile("yolo(e-)?v?\\d+([nslmx])");
  private static final Pattern UNIFY = Pattern.compile("(\\d+)([nslmx])(.+)?$");

  private final String name;
  private final int nc;
  private final String scale;
  private final double depth;
  private final double width;
  private final double maxChannels;
  private final boolean endToEnd;
  private final int regMax;
  private final int channels;
  private final int[] kptShape;
  private final List<LayerSpec> layers;
  private final Map<String, Object> yaml; // as given, to rebuild the model for another class count

  private ModelConfig(Map<String, Object> yaml, int ncOverride) {
    checkArgument(yaml != null, "model YAML is null");
    this.yaml = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(yaml));
    Object yamlFile = yaml.get("yaml_file");
    this.name = yamlFile == null ? "" : stem(yamlFile.toString());
    int yamlNc = intValue(yaml, "nc", null);
    this.nc = ncOverride > 0 ? ncOverride : yamlNc;
    checkArgument(nc > 0, "model YAML: 'nc' is %s, expected a class count >= 1", nc);
    if (ncOverride > 0 && ncOverride != yamlNc) {
      LOG.info("Overriding model.yaml nc={} with nc={}", yamlNc, ncOverride);
    }
    Object act = yaml.get("activation");
    checkArgument(
        act == null || act.toString().replace("torch.", "").equals("nn.SiLU()"),
        "model YAML: activation '%s' is not supported, expected nn.SiLU() (the default)",
        act);
    Object scaleValue = yaml.get("scale");
    String s = scaleValue == null ? "" : scaleValue.toString();
    Object scales = yaml.get("scales");
    if (scales != null) {
      checkArgument(
          scales instanceof Map<?, ?> m && !m.isEmpty(),
          "model YAML: 'scales' is %s, expected a map like {n: [depth, width, max_channels]}",
          scales);
      Map<?, ?> table = (Map<?, ?>) scales;
      if (s.isEmpty()) {
        s = String.valueOf(table.keySet().iterator().next()); // a YAML key may be null ('~')
        LOG.warn("no model scale passed. Assuming scale='{}'.", s);
      }
      Object row = table.get(s);
      checkArgument(
          row != null, "model YAML: scale '%s' is not in 'scales', expected one of %s", s, table.keySet());
      checkArgument(
          row instanceof List<?> l && l.size() == 3 && l.stream().allMatch(Number.class::isInstance),
          "model YAML: scales.%s is %s, expected [depth, width, max_channels]",
          s,
          row);
      List<?> r = (List<?>) row;
      this.depth = ((Number) r.get(0)).doubleValue();
      this.width = ((Number) r.get(1)).doubleValue();
      this.maxChannels = ((Number) r.get(2)).doubleValue();
    } else {
      this.depth = doubleValue(yaml, "depth_multiple", 1.0);
      this.width = doubleValue(yaml, "width_multiple", 1.0);
      this.maxChannels = Double.POSITIVE_INFINITY;
    }
    this.scale = s;
    this.endToEnd = Boolean.TRUE.equals(yaml.get("end2end"));
    this.regMax = intValue(yaml, "reg_max", 16);
    checkArgument(regMax >= 1, "model YAML: 'reg_max' is %s, expected >= 1", regMax);
    this.channels = intValue(yaml, "channels", 3);
    checkArgument(channels >= 1, "model YAML: 'channels' is %s, expected >= 1", channels);
    this.kptShape = kptShape(yaml.get("kpt_shape"));
    this.layers = parseLayers(yaml);
  }

  /**
   * Reads a parsed YAML map (e.g. a checkpoint's embedded {@code yaml} dict). {@code ncOverride > 0} replaces the
   * YAML's {@code nc}.
   */
  public static ModelConfig fromMap(Map<String, Object> yaml, int ncOverride) {
    return new ModelConfig(yaml, ncOverride);
  }

  /**
   * Loads a YAML by built-in name ({@code yolov8n.yaml}, {@code yolo11s.yaml}, {@code yolo26x.yaml}, ...) or file
   * path. As in Ultralytics, {@code dir/yolov8s.yaml} first looks for the family file {@code dir/yolov8.yaml},
   * then for the named file itself, and the scale letter is taken from the name.
   */
  public static ModelConfig load(String nameOrPath, int ncOverride) {
    checkArgument(nameOrPath != null && !nameOrPath.isBlank(), "model YAML name is empty");
    Path path = Path.of(nameOrPath);
    String unified = UNIFY.matcher(nameOrPath).replaceFirst("$1$3");
    Map<String, Object> yaml;
    Path unifiedPath = Path.of(unified);
    if (Files.isRegularFile(unifiedPath)) {
      yaml = readFile(unifiedPath);
    } else if (Files.isRegularFile(path)) {
      yaml = readFile(path);
    } else {
      String resource = Path.of(unified).getFileName().toString();
      String task = resource.endsWith("-seg.yaml") ? "segment" : resource.endsWith("-pose.yaml") ? "pose" : "detect";
      String detectFamily = resource.replace("-seg.yaml", ".yaml").replace("-pose.yaml", ".yaml");
      checkArgument(
          BUILT_INS.contains(resource) || CLASSIFY_BUILT_INS.contains(resource)
              || !task.equals("detect") && BUILT_INS.contains(detectFamily),
          "model YAML '%s' not found: not a file, and not a built-in name like yolov8n.yaml, yolo11s.yaml,"
              + " yolo26m.yaml, yolo26n-seg.yaml, yolo26n-pose.yaml or yolo11n-cls.yaml",
          nameOrPath);
      yaml = BUILT_INS.contains(resource) || CLASSIFY_BUILT_INS.contains(resource) ? readResource(resource)
          : task.equals("segment") ? segmentVariant(readResource(detectFamily))
          : poseVariant(readResource(detectFamily), detectFamily.startsWith("yolov8"));
    }
    yaml = new LinkedHashMap<>(yaml);
    yaml.put("scale", guessScale(nameOrPath));
    yaml.put("yaml_file", nameOrPath);
    return new ModelConfig(yaml, ncOverride);
  }

  /** The scale letter Ultralytics reads from a model file name ({@code yolo11s.yaml} gives {@code s}), or "". */
  public static String guessScale(String nameOrPath) {
    Matcher m = SCALE_IN_NAME.matcher(stem(nameOrPath));
    return m.find() ? m.group(2) : "";
  }

  /** Parses YAML text into a map (safe constructor: plain data only). */
  public static Map<String, Object> parseYaml(InputStream in, String what) {
    Object o;
    try {
      o = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      // syntax errors, python/* tags (refused by SafeConstructor), alias bombs, excessive nesting
      throw new IllegalArgumentException(what + ": not a valid model YAML: " + e.getMessage(), e);
    }
    checkArgument(o instanceof Map<?, ?>, "%s: expected a YAML mapping at the top level, got %s", what, o);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) o;
    return map;
  }

  private static Map<String, Object> readFile(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return parseYaml(in, p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model YAML " + p, e);
    }
  }

  /**
   * Ultralytics' {@code -seg} YAMLs are their detection YAMLs with the last layer's {@code Detect} replaced by
   * {@code Segment} ({@code Segment26} for YOLO26) with 32 prototypes of 256 channels; built the same way here.
   */
  private static Map<String, Object> segmentVariant(Map<String, Object> detect) {
    boolean yolo26 = Boolean.TRUE.equals(detect.get("end2end"));
    return withHead(detect, yolo26 ? "Segment26" : "Segment", List.of("nc", 32, 256));
  }

  /**
   * Ultralytics' {@code -pose} YAMLs are their detection YAMLs with {@code kpt_shape: [17, 3]} and the last layer's
   * {@code Detect} replaced by {@code Pose} ({@code Pose26} for YOLO26); YOLOv8's also says {@code nc: 1}.
   */
  private static Map<String, Object> poseVariant(Map<String, Object> detect, boolean yolov8) {
    Map<String, Object> yaml = withHead(detect, Boolean.TRUE.equals(detect.get("end2end")) ? "Pose26" : "Pose",
        List.of("nc", "kpt_shape"));
    yaml.put("kpt_shape", List.of(17, 3));
    if (yolov8) {
      yaml.put("nc", 1); // yolo11-pose.yaml and yolo26-pose.yaml keep 80
    }
    return yaml;
  }

  private static Map<String, Object> withHead(Map<String, Object> detect, String head, List<Object> args) {
    Map<String, Object> yaml = new LinkedHashMap<>(detect);
    @SuppressWarnings("unchecked")
    List<Object> rows = new ArrayList<>((List<Object>) detect.get("head"));
    @SuppressWarnings("unchecked")
    List<Object> last = new ArrayList<>((List<Object>) rows.get(rows.size() - 1));
    checkArgument("Detect".equals(last.get(2)), "built-in model YAML: the last layer is %s, expected Detect", last);
    last.set(2, head);
    last.set(3, args);
    rows.set(rows.size() - 1, last);
    yaml.put("head", rows);
    return yaml;
  }

  private static int[] kptShape(Object v) {
    if (v == null) {
      return null;
    }
    checkArgument(v instanceof List<?> l && l.size() == 2 && l.stream().allMatch(Integer.class::isInstance),
        "model YAML: 'kpt_shape' is %s, expected [keypoints, dims] like [17, 3]", v);
    List<?> l = (List<?>) v;
    return new int[] {(Integer) l.get(0), (Integer) l.get(1)};
  }

  private static Map<String, Object> readResource(String name) {
    try (InputStream in = ModelConfig.class.getResourceAsStream(RESOURCES + name)) {
      checkArgument(in != null, "built-in model YAML %s is missing from the classpath", name);
      return parseYaml(in, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in model YAML " + name, e);
    }
  }

  private static List<LayerSpec> parseLayers(Map<String, Object> yaml) {
    List<Object> rows = new ArrayList<>();
    for (String key : List.of("backbone", "head")) {
      Object part = yaml.get(key);
      checkArgument(part instanceof List<?>, "model YAML: '%s' is %s, expected a list of layers", key, part);
      rows.addAll((List<?>) part);
    }
    List<LayerSpec> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      out.add(LayerSpec.parse(i, rows.get(i)));
    }
    return List.copyOf(out);
  }

  private static String stem(String path) {
    Path name = Path.of(path).getFileName();
    // Jazzer: 'yaml_file: /' has no file name
    checkArgument(name != null, "model YAML: 'yaml_file' is '%s', expected a path ending in a file name", path);
    String f = name.toString();
    int dot = f.lastIndexOf('.');
    return dot > 0 ? f.substring(0, dot) : f;
  }

  private static int intValue(Map<String, Object> yaml, String key, Integer dflt) {
    Object v = yaml.get(key);
    if (v == null) {
      checkArgument(dflt != null, "model YAML: '%s' is missing", key);
      return dflt;
    }
    checkArgument(
        v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()),
        "model YAML: '%s' is %s, expected an integer",
        key,
        v);
    return ((Number) v).intValue();
  }

  private static double doubleValue(Map<String, Object> yaml, String key, double dflt) {
    Object v = yaml.get(key);
    if (v == null) {
      return dflt;
    }
    checkArgument(v instanceof Number, "model YAML: '%s' is %s, expected a number", key, v);
    return ((Number) v).doubleValue();
  }

  /** The same architecture with {@code nc} classes (a fine-tune on a data set with another class count). */
  public ModelConfig withNc(int nc) {
    checkArgument(nc >= 1, "nc is %s, expected a class count >= 1", nc);
    return nc == this.nc ? this : new ModelConfig(yaml, nc);
  }

  /**
   * The same pose architecture predicting {@code kptShape} {@code [keypoints, dims]} (Ultralytics' {@code PoseModel}
   * with a data set's {@code kpt_shape}: the YAML's is overridden).
   */
  public ModelConfig withKptShape(int[] shape) {
    checkArgument(kptShape != null, "only a pose model's keypoints can change; this model has no kpt_shape");
    checkArgument(shape.length == 2 && shape[0] >= 1 && (shape[1] == 2 || shape[1] == 3),
        "kpt_shape is %s, expected [number of keypoints, 2 or 3]", java.util.Arrays.toString(shape));
    if (java.util.Arrays.equals(shape, kptShape)) {
      return this;
    }
    Map<String, Object> y = new LinkedHashMap<>(yaml);
    y.put("kpt_shape", java.util.List.of(shape[0], shape[1]));
    return new ModelConfig(y, nc);
  }

  /** The YAML map this configuration was built from (read-only; {@code nc} as the YAML says, before any override). */
  public Map<String, Object> yaml() {
    return yaml;
  }

  /** Model name for summaries, from the YAML file name ({@code yolov8n}), or "" when unknown. */
  public String name() {
    return name;
  }

  /** Number of classes (after any override). */
  public int nc() {
    return nc;
  }

  /** Scale letter, or "" when the YAML has no {@code scales}. */
  public String scale() {
    return scale;
  }

  /** Depth multiple applied to repeats. */
  public double depth() {
    return depth;
  }

  /** Width multiple applied to channels. */
  public double width() {
    return width;
  }

  /** Channel cap before width scaling ({@code +Infinity} when unscaled). */
  public double maxChannels() {
    return maxChannels;
  }

  /** True for NMS-free end-to-end heads (YOLO26's {@code end2end: True}). */
  public boolean endToEnd() {
    return endToEnd;
  }

  /** DFL bins per box side; 1 means direct regression without DFL. */
  public int regMax() {
    return regMax;
  }

  /** The YAML's {@code kpt_shape} {@code [keypoints, dims]} (pose models), or null. */
  public int[] kptShape() {
    return kptShape == null ? null : kptShape.clone();
  }

  /** Input image channels (3 unless the YAML says otherwise). */
  public int channels() {
    return channels;
  }

  /** The backbone + head rows in order. */
  public List<LayerSpec> layers() {
    return layers;
  }
}
