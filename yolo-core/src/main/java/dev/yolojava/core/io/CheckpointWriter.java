package dev.yolojava.core.io;

import dev.yolojava.core.nn.DetectionModel;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;

/**
 * Saves a {@link DetectionModel} as an Ultralytics 8.4 {@code .pt} checkpoint that Python loads with
 * {@code YOLO("best.pt")} / {@code torch.load(..., weights_only=False)} and that {@link Checkpoint#load} reads
 * back: the {@code torch.save} zip layout, and a pickle whose model object graph (classes, module attributes, shared
 * SiLU, float16 weights as {@code model.half()} leaves them) mirrors what Ultralytics itself pickles.
 *
 * <p>The graph is always synthesised from the live model, whether it was built from a YAML or loaded from a
 * checkpoint: it then cannot disagree with the weights, and carries no stale state from an older file (cached
 * anchors, a loss criterion, a different {@code nc}). Files are written atomically: to a temporary file in the
 * target's directory, forced to disk, then renamed over the target, so a crash never leaves a partial checkpoint.
 */
public final class CheckpointWriter {
  private static final String LICENSE = "AGPL-3.0 (https://ultralytics.com/license)";
  private static final String DOCS = "https://docs.ultralytics.com";
  private static final SecureRandom RANDOM = new SecureRandom();

  private CheckpointWriter() {}

  /** Something that writes a file's bytes. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code model} (for training checkpoints: the EMA model) to {@code target}, replacing it atomically. */
  public static void write(Path target, DetectionModel model, CheckpointMeta meta) throws IOException {
    prepare(target, model, meta).write();
  }

  /**
   * Serialises {@code model} and {@code meta} in memory (every tensor copied to the host), so the file can be
   * written later, e.g. off the training thread while the model trains on: see {@link Prepared#write}.
   */
  public static Prepared prepare(Path target, DetectionModel model, CheckpointMeta meta) {
    StorageTable storages = new StorageTable();
    byte[] pickle = PickleWriter.write(root(model, meta, storages));
    return new Prepared(target, archiveName(target), pickle, storages.storages());
  }

  /**
   * A classifier as Ultralytics saves one: a {@code ClassificationModel} whose {@code transforms} are
   * {@code classify_transforms(imgsz)} (Ultralytics' predictor reads them back).
   */
  public static Prepared prepare(Path target, dev.yolojava.core.nn.ClassificationModel model, CheckpointMeta meta,
      int imgsz) {
    StorageTable storages = new StorageTable();
    PyObject graph = UltralyticsGraph.buildClassifier(model, storages, meta.half(),
        ModelYaml.of(model.config(), meta.yaml()), meta.namesDict(model.nc()), new LinkedHashMap<>(meta.trainArgs()),
        imgsz);
    byte[] pickle = PickleWriter.write(root(graph, meta, storages));
    return new Prepared(target, archiveName(target), pickle, storages.storages());
  }

  /** Writes a classifier ({@link #prepare(Path, dev.yolojava.core.nn.ClassificationModel, CheckpointMeta, int)}). */
  public static void write(Path target, dev.yolojava.core.nn.ClassificationModel model, CheckpointMeta meta, int imgsz)
      throws IOException {
    prepare(target, model, meta, imgsz).write();
  }

  /** A checkpoint serialised in memory, independent of the model it came from. */
  public static final class Prepared {
    private final Path target;
    private final String archive;
    private final byte[] pickle;
    private final Map<String, byte[]> storages;

    private Prepared(Path target, String archive, byte[] pickle, Map<String, byte[]> storages) {
      this.target = target;
      this.archive = archive;
      this.pickle = pickle;
      this.storages = storages;
    }

    private byte[] zipped; // the archive, once written: copies get the same bytes (its serialization id included)

    /** Writes the file, replacing it atomically. */
    public void write() throws IOException {
      writeTo(target);
    }

    /**
     * Writes the same bytes to another file too (e.g. {@code best.pt} for {@code last.pt}, as Ultralytics writes one
     * serialised checkpoint to both), replacing it atomically.
     */
    public void writeTo(Path other) throws IOException {
      if (zipped == null) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        TorchZipWriter.write(bytes, archive, pickle, storages);
        zipped = bytes.toByteArray();
      }
      writeAtomically(other, out -> out.write(zipped));
    }
  }

  /** The pickle alone ({@code data.pkl}), e.g. to inspect it; storages are numbered as in {@link #write}. */
  public static byte[] pickle(DetectionModel model, CheckpointMeta meta) {
    return PickleWriter.write(root(model, meta, new StorageTable()));
  }

  private static Map<String, Object> root(DetectionModel model, CheckpointMeta meta, StorageTable storages) {
    Map<String, Object> args = new LinkedHashMap<>(meta.trainArgs());
    PyObject graph = UltralyticsGraph.build(model, storages, meta.half(), ModelYaml.of(model, meta.yaml()),
        meta.namesDict(model.nc()), args);
    return root(graph, meta, storages);
  }

  private static Map<String, Object> root(PyObject graph, CheckpointMeta meta, StorageTable storages) {
    Map<String, Object> git = new LinkedHashMap<>();
    for (String k : List.of("root", "branch", "commit", "message", "origin")) {
      git.put(k, null);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    if (meta.isTraining()) { // save_model's order
      root.put("epoch", meta.epoch());
      root.put("best_fitness", meta.bestFitness());
      root.put("model", null);
      root.put("ema", graph);
      root.put("updates", meta.updates());
      root.put("optimizer", tensorsToRefs(meta.optimizer(), storages, "optimizer", 0));
      root.put("scaler", null);
      root.put("train_args", new LinkedHashMap<>(meta.trainArgs()));
      root.put("train_metrics", new LinkedHashMap<>(meta.trainMetrics()));
      root.put("train_results", new LinkedHashMap<>(meta.trainResults()));
      root.put("date", meta.date());
      root.put("version", meta.version());
      root.put("git", git);
      root.put("license", LICENSE);
      root.put("docs", DOCS);
    } else { // strip_optimizer's order: its metadata first, then the training checkpoint's keys
      root.put("date", meta.date());
      root.put("version", meta.version());
      root.put("license", LICENSE);
      root.put("docs", DOCS);
      root.put("epoch", -1);
      root.put("best_fitness", null);
      root.put("model", graph);
      for (String k : List.of("ema", "updates", "optimizer", "scaler")) {
        root.put(k, null);
      }
      root.put("train_args", new LinkedHashMap<>(meta.trainArgs()));
      root.put("train_metrics", new LinkedHashMap<>(meta.trainMetrics()));
      root.put("train_results", new LinkedHashMap<>(meta.trainResults()));
      root.put("git", git);
    }
    return root;
  }

  /** Copies nested maps and lists, turning libtorch tensors into stored tensors. */
  private static Object tensorsToRefs(Object v, StorageTable storages, String path, int depth) {
    if (depth > PickleWriter.MAX_DEPTH) {
      throw new IllegalArgumentException(path + ": nested deeper than " + PickleWriter.MAX_DEPTH + " levels");
    }
    if (v instanceof Tensor t) {
      return storages.add(t, false, false, path);
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, tensorsToRefs(x, storages, path + "." + k, depth + 1)));
      return out;
    }
    if (v instanceof PyTuple t) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < t.size(); i++) {
        items.add(tensorsToRefs(t.get(i), storages, path + "." + i, depth + 1));
      }
      return PyTuple.of(items);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(tensorsToRefs(l.get(i), storages, path + "." + i, depth + 1));
      }
      return out;
    }
    return v;
  }

  /** torch names the archive folder after the file, without extension ({@code last.pt} gives {@code last}). */
  static String archiveName(Path target) {
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return stem.matches("[A-Za-z0-9_.-]{1,100}") ? stem : "archive";
  }

  /**
   * Writes {@code body} to a temporary file next to {@code target}, forces it to disk and renames it over
   * {@code target}; on any failure the temporary file is removed and {@code target} is left as it was.
   */
  static void writeAtomically(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    // a fresh name created exclusively, with the default permissions a plain new file gets (createTempFile's are 0600)
    Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + abs + " atomically: the file system of " + dir
            + " does not support atomic renames", e);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
