package dev.yolojava.core.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.bytedeco.pytorch.Tensor;

/**
 * An Ultralytics {@code .pt} checkpoint read without executing any of it: the pickle is interpreted by a
 * whitelisting VM, tensors are described by {@link TensorRef}s over the archive's raw storages and become libtorch
 * tensors only on request. The model is the top-level {@code ema} if present and not None, else {@code model}.
 */
public final class Checkpoint {
  /** Largest {@code data.pkl} accepted; real detection checkpoints have well under 1 MiB. */
  static final long MAX_PICKLE_BYTES = 256L << 20;

  private final String source;
  private final Map<String, Object> root;
  private final PyObject model;
  private final LinkedHashMap<String, TensorRef> stateRefs;
  private final Map<String, byte[]> storages; // null for a bare pickle
  private final ByteOrder order;
  private final Map<String, Object> yaml;
  private final List<String> names;
  private final Map<String, Object> args;
  private final Map<String, Object> trainArgs;

  private Checkpoint(String source, Object root, Map<String, byte[]> storages, ByteOrder order)
      throws MalformedFileException {
    this.source = source;
    this.root = topLevel(root, source);
    Object m = this.root.get("ema") != null ? this.root.get("ema") : this.root.get("model");
    if (!(m instanceof PyObject pm)) {
      throw new MalformedFileException(source + ": 'ema' and 'model' hold " + Values.describe(m)
          + "; expected a model object");
    }
    this.model = pm;
    this.stateRefs = StateDictWalker.walk(model, source);
    this.storages = storages;
    this.order = order;
    this.yaml = optionalMap(model.get("yaml"), source + ": model yaml");
    this.names = ModelInfo.names(model.get("names"), source);
    this.args = optionalMap(model.get("args"), source + ": model args");
    this.trainArgs = optionalMap(this.root.get("train_args"), source + ": train_args");
  }

  /** Reads a torch.save zip checkpoint, checking every storage against its entry before reading it. */
  public static Checkpoint load(Path pt) throws IOException {
    try (BoundedZip zip = BoundedZip.open(pt)) {
      String prefix = prefix(zip);
      String pklName = prefix + "data.pkl";
      Map<String, StorageRef> refs = new LinkedHashMap<>();
      Object root = PickleReader.read(zip.read(pklName, MAX_PICKLE_BYTES), pklName,
          pid -> register(refs, StorageRef.fromPersistentId(pid, pklName), pklName));
      Checkpoint structure = new Checkpoint(zip.name(), root, null, byteOrder(zip, prefix));
      for (Map.Entry<String, TensorRef> e : structure.stateRefs.entrySet()) {
        checkFits(zip.name(), e.getKey(), e.getValue(), zip.entrySize(prefix + e.getValue().storage().entryName()));
      }
      return new Checkpoint(zip.name(), root, readStorages(zip, prefix, refs.values()), structure.order);
    }
  }

  /**
   * Reads a bare pickle ({@code data.pkl} without its archive): the full object graph and tensor shapes, but no
   * tensor data ({@link #stateDict()} and {@link #stride()} then throw).
   */
  public static Checkpoint loadPickle(Path dataPkl) throws IOException {
    String name = dataPkl.getFileName().toString();
    long size = Files.size(dataPkl);
    if (size > MAX_PICKLE_BYTES) {
      throw new MalformedFileException(name + ": " + size + " bytes; a pickle may have at most " + MAX_PICKLE_BYTES);
    }
    Map<String, StorageRef> refs = new LinkedHashMap<>();
    Object root = PickleReader.read(Files.readAllBytes(dataPkl), name,
        pid -> register(refs, StorageRef.fromPersistentId(pid, name), name));
    return new Checkpoint(name, root, null, ByteOrder.LITTLE_ENDIAN);
  }

  private static StorageRef register(Map<String, StorageRef> refs, StorageRef ref, String source)
      throws MalformedFileException {
    StorageRef seen = refs.putIfAbsent(ref.key(), ref);
    if (seen != null && (seen.type() != ref.type() || seen.numel() != ref.numel())) {
      throw new MalformedFileException(source + ": storage '" + ref.key() + "' is declared both as " + seen.numel()
          + " x " + seen.type().pythonName() + " and " + ref.numel() + " x " + ref.type().pythonName());
    }
    return seen != null ? seen : ref;
  }

  private static String prefix(BoundedZip zip) throws MalformedFileException {
    List<String> pickles = new ArrayList<>();
    for (String n : zip.entryNames()) {
      if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
        pickles.add(n);
      }
    }
    if (pickles.size() != 1) {
      throw new MalformedFileException(zip.name() + ": expected exactly one '<name>/data.pkl' entry but found "
          + pickles.size() + " (" + pickles + ")");
    }
    return pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
  }

  private static ByteOrder byteOrder(BoundedZip zip, String prefix) throws MalformedFileException {
    if (zip.entrySize(prefix + "byteorder") < 0) {
      return ByteOrder.LITTLE_ENDIAN; // older writers omit it; they were little-endian
    }
    String s = new String(zip.read(prefix + "byteorder", 16), StandardCharsets.US_ASCII).trim();
    return switch (s) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new MalformedFileException(zip.name() + ": byteorder is '" + s
          + "'; expected 'little' or 'big'");
    };
  }

  private static void checkFits(String source, String name, TensorRef ref, long entryBytes)
      throws MalformedFileException {
    String entry = ref.storage().entryName();
    if (entryBytes < 0) {
      throw new MalformedFileException(source + ": storage '" + entry + "' of tensor " + name
          + " is missing from the archive");
    }
    if (ref.bytesNeeded() > entryBytes) {
      throw new MalformedFileException(source + ": storage '" + entry + "' holds " + entryBytes
          + " bytes but tensor " + name + " needs " + ref.bytesNeeded());
    }
  }

  private static Map<String, byte[]> readStorages(BoundedZip zip, String prefix,
      Iterable<StorageRef> refs) throws MalformedFileException {
    long budget = Runtime.getRuntime().maxMemory() / 2;
    long total = 0;
    for (StorageRef s : refs) {
      long entryBytes = zip.entrySize(prefix + s.entryName());
      if (entryBytes < 0) {
        throw new MalformedFileException(zip.name() + ": storage '" + s.entryName() + "' is missing from the archive");
      }
      if (s.declaredBytes() > entryBytes) {
        throw new MalformedFileException(zip.name() + ": storage '" + s.entryName() + "' declares " + s.numel()
            + " elements of " + s.type().pythonName() + " (" + s.declaredBytes() + " bytes) but holds "
            + entryBytes + " bytes");
      }
      total += entryBytes;
    }
    if (total > budget) {
      throw new MalformedFileException(zip.name() + ": storages total " + total
          + " bytes, more than half the JVM heap (" + budget + " bytes); raise -Xmx");
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (StorageRef s : refs) {
      out.put(s.key(), zip.read(prefix + s.entryName(), budget));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> topLevel(Object root, String source) throws MalformedFileException {
    if (!(root instanceof Map<?, ?> m)) {
      throw new MalformedFileException(source + ": top level is a " + Values.describe(root)
          + "; expected a checkpoint dict");
    }
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        throw new MalformedFileException(source + ": top-level key " + Values.describe(k) + " is not a string");
      }
    }
    return Collections.unmodifiableMap((Map<String, Object>) m);
  }

  private static Map<String, Object> optionalMap(Object v, String what) throws MalformedFileException {
    return v == null ? Map.of() : Collections.unmodifiableMap(Values.toStringMap(v, what));
  }

  // ---- metadata

  /** The file name this was read from, used in messages. */
  public String source() {
    return source;
  }

  /** Whether tensor data is available (false for {@link #loadPickle}). */
  public boolean hasTensorData() {
    return storages != null;
  }

  /** The raw top-level dict ({@code date}, {@code model}, {@code train_args}, ...), values as unpickled. */
  public Map<String, Object> root() {
    return root;
  }

  /** The model object ({@code ema} or {@code model}), e.g. an {@code ultralytics.nn.tasks.DetectionModel}. */
  public PyObject model() {
    return model;
  }

  /** The model's {@code yaml} dict as plain Java values (String, Integer/Long, Double, Boolean, List, Map). */
  public Map<String, Object> yaml() {
    return yaml;
  }

  /** Class names ordered by index. */
  public List<String> names() {
    return names;
  }

  /** The model's {@code args} (the training configuration it was built with), plain values; empty if absent. */
  public Map<String, Object> args() {
    return args;
  }

  /** The top-level {@code train_args}, plain values; empty if absent. */
  public Map<String, Object> trainArgs() {
    return trainArgs;
  }

  public Optional<String> date() {
    return root.get("date") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The Ultralytics version that saved it, e.g. {@code 8.4.90}. */
  public Optional<String> version() {
    return root.get("version") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The epoch, -1 for a final (stripped) checkpoint. */
  public OptionalInt epoch() {
    return root.get("epoch") instanceof Integer i ? OptionalInt.of(i) : OptionalInt.empty();
  }

  public OptionalDouble bestFitness() {
    return root.get("best_fitness") instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
  }

  /** The model's {@code stride} tensor, e.g. {@code [8, 16, 32]}. */
  public float[] stride() {
    if (!(model.get("stride") instanceof TensorRef ref)) {
      throw new IllegalStateException(source + ": model stride is " + Values.describe(model.get("stride"))
          + "; expected a tensor");
    }
    return floats("stride", ref);
  }

  // ---- structure

  /** The layers of {@code model.model} in order; IllegalStateException if the model has none. */
  public List<PyObject> layers() {
    return ModelInfo.layers(model, source);
  }

  /** Class names of the layers of {@code model.model}, e.g. {@code [Conv, Conv, C2f, ..., Detect]}. */
  public List<String> moduleTypes() {
    return layers().stream().map(PyObject::className).toList();
  }

  /** The last layer's head configuration. */
  public DetectHead detectHead() {
    List<PyObject> layers = layers();
    if (layers.isEmpty()) {
      throw new IllegalStateException(source + ": model.model has no layers");
    }
    return ModelInfo.head(layers.get(layers.size() - 1), source);
  }

  // ---- tensors

  /** Every parameter and persistent buffer, named and ordered as PyTorch's {@code state_dict()}. */
  public LinkedHashMap<String, TensorRef> stateDictRefs() {
    return new LinkedHashMap<>(stateRefs);
  }

  /** State-dict shapes; works for a bare pickle too. */
  public LinkedHashMap<String, long[]> stateDictShapes() {
    LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
    stateRefs.forEach((k, v) -> out.put(k, v.shape()));
    return out;
  }

  /**
   * The state dict as contiguous CPU tensors: float32 for floating storages (fp16/bf16/fp32/fp64), int64 for
   * integer ones, bool for BoolStorage. The caller owns the tensors (close them, or let a PointerScope do it).
   */
  public LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    stateRefs.forEach((k, v) -> out.put(k, tensor(k, v)));
    return out;
  }

  /** Materialises any tensor of the graph (e.g. a head's {@code anchors}); {@code name} is for messages. */
  public Tensor tensor(String name, TensorRef ref) {
    return StorageDecoder.toTensor(ref, bytesFor(name, ref), order);
  }

  /** A tensor's elements in C order as float32, without libtorch. */
  public float[] floats(String name, TensorRef ref) {
    return StorageDecoder.floats(ref, bytesFor(name, ref), order);
  }

  private byte[] bytesFor(String name, TensorRef ref) {
    if (storages == null) {
      throw new IllegalStateException(source + ": tensor " + name
          + " has no data: this is a bare pickle (Checkpoint.loadPickle); use Checkpoint.load on the .pt");
    }
    byte[] bytes = storages.get(ref.storage().key());
    if (bytes == null || ref.bytesNeeded() > bytes.length) {
      throw new IllegalStateException(source + ": storage '" + ref.storage().entryName() + "' holds "
          + (bytes == null ? 0 : bytes.length) + " bytes but tensor " + name + " needs " + ref.bytesNeeded());
    }
    return bytes;
  }
}
