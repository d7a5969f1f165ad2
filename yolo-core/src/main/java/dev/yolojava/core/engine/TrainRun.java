package dev.yolojava.core.engine;

import dev.yolojava.core.cfg.SaveDirs;
import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.CheckpointMeta;
import dev.yolojava.core.io.CheckpointWriter;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.optim.GradScaler;
import dev.yolojava.core.optim.ModelEma;
import dev.yolojava.core.optim.OptimizerState;
import dev.yolojava.core.optim.TrainOptimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A training run's directory, as Ultralytics lays it out: {@code args.yaml}, {@code results.csv},
 * {@code weights/last.pt} (EMA weights, optimizer and scaler state, written atomically every epoch) and
 * {@code weights/best.pt} (the same bytes, when fitness improved), plus {@code weights/epochN.pt} every
 * {@code save_period} epochs. The files are written by a thread of their own: the training thread only copies the
 * tensors to the host (see {@link #save}), so the GPU does not idle while a checkpoint goes to disk.
 */
final class TrainRun implements AutoCloseable {
  private final Path dir;
  private final YoloArgs args;
  private ResultsCsv results;
  private final List<String> names;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "checkpoint-writer");
    t.setDaemon(true);
    return t;
  });
  private Future<?> writing; // the last checkpoint's files, until they are on disk

  private TrainRun(Path dir, YoloArgs args, List<String> names) {
    this.dir = dir;
    this.args = args;
    this.names = names;
    this.results = new ResultsCsv(dir.resolve("results.csv"));
  }

  /** The run directory: {@code save_dir} if set, else {@code project/name} incremented unless {@code exist_ok}. */
  static Path saveDir(YoloArgs args) {
    return args.saveDir().map(Path::of).orElseGet(() -> SaveDirs.resolve(args));
  }

  /** Creates the directory and writes {@code args.yaml} (with {@code save_dir} filled in). */
  static TrainRun create(Path dir, YoloArgs args, List<String> names) {
    try {
      Files.createDirectories(dir.resolve("weights"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + dir, e);
    }
    YoloArgs withDir = args.with("save_dir", dir.toString());
    withDir.save(dir.resolve("args.yaml"));
    return new TrainRun(dir, withDir, names);
  }

  Path saveDir() {
    return dir;
  }

  ResultsCsv results() {
    return results;
  }

  /** Writes results.csv with these columns (a task's losses and metrics) instead of detection's. */
  void resultsColumns(List<String> columns) {
    results = new ResultsCsv(results.file(), columns);
  }

  Path last() {
    return dir.resolve("weights/last.pt");
  }

  Path best() {
    return dir.resolve("weights/best.pt");
  }

  /**
   * Writes {@code last.pt} for {@code epoch} (0-based) from {@code emaNet} (already holding the EMA weights), and
   * copies it to {@code best.pt} when {@code improved}. Returns once the state is copied to the host; the files are
   * written in the background ({@link #awaitSaved} waits for them; the next save does too, first).
   */
  void save(DetectionModel emaNet, ModelEma ema, TrainOptimizer optimizer, GradScaler scaler, int epoch,
      double bestFitness, boolean improved, Map<String, Object> metrics) {
    saveWith(meta -> CheckpointWriter.prepare(last(), emaNet, meta), ema, optimizer, scaler, epoch, bestFitness,
        improved, metrics);
  }

  /** As the detection save, for a classifier (its checkpoint also carries the {@code imgsz} transforms). */
  void save(dev.yolojava.core.nn.ClassificationModel emaNet, ModelEma ema, TrainOptimizer optimizer,
      GradScaler scaler, int epoch, double bestFitness, boolean improved, Map<String, Object> metrics, int imgsz) {
    saveWith(meta -> CheckpointWriter.prepare(last(), emaNet, meta, imgsz), ema, optimizer, scaler, epoch,
        bestFitness, improved, metrics);
  }

  private void saveWith(java.util.function.Function<CheckpointMeta, CheckpointWriter.Prepared> prepare, ModelEma ema,
      TrainOptimizer optimizer, GradScaler scaler, int epoch, double bestFitness, boolean improved,
      Map<String, Object> metrics) {
    awaitSaved();
    CheckpointWriter.Prepared ckpt;
    try (OptimizerState state = optimizer.exportState()) {
      CheckpointMeta meta = CheckpointMeta.training(epoch, bestFitness).names(names).trainArgs(args.asMap())
          .trainMetrics(metrics).updates((int) ema.updates()).optimizer(optimizerPickle(state, scaler)).build();
      ckpt = prepare.apply(meta);
    }
    int period = args.savePeriod();
    boolean periodic = period > 0 && (epoch + 1) % period == 0;
    writing = writer.submit(() -> {
      ckpt.write();
      if (improved) { // the same bytes, each file replaced atomically
        ckpt.writeTo(best());
      }
      if (periodic) {
        ckpt.writeTo(dir.resolve("weights/epoch" + (epoch + 1) + ".pt"));
      }
      return null;
    });
  }

  /** Waits until the last checkpoint's files are written; rethrows what failed writing them. */
  void awaitSaved() {
    Future<?> f = writing;
    if (f == null) {
      return;
    }
    try {
      f.get();
      writing = null;
    } catch (InterruptedException e) { // the write goes on: close() still waits for it
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checkpoint " + last() + " was being written", e);
    } catch (ExecutionException e) {
      writing = null;
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw new UncheckedIOException("cannot save checkpoint " + last(), io);
      }
      throw c instanceof RuntimeException r ? r : new IllegalStateException("cannot save checkpoint " + last(), c);
    }
  }

  /** As {@link #close}, but a failure writing the last checkpoint is only logged (another one is on its way). */
  void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(TrainRun.class).warn("while stopping after a failure: {}", e.toString());
    }
  }

  /** Waits for the last checkpoint and stops the writing thread. */
  @Override
  public void close() {
    try {
      awaitSaved();
    } finally {
      writer.shutdown();
      if (Thread.interrupted()) { // still wait for a write in progress, then keep the interrupt
        try {
          writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException ignored) {
          // give up waiting
        }
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The optimizer as a plain structure Python can unpickle: PyTorch's {@code state}/{@code param_groups} layout,
   * keyed by parameter index, plus the parameter keys and the GradScaler state so our resume can restore both.
   */
  private static Map<String, Object> optimizerPickle(OptimizerState s, GradScaler scaler) {
    List<String> keys = new ArrayList<>(s.params().keySet());
    Map<Integer, Object> state = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      state.put(i, new LinkedHashMap<>(s.params().get(keys.get(i))));
    }
    List<Object> groups = new ArrayList<>();
    for (OptimizerState.GroupState g : s.groups()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("param_group", g.role().name().toLowerCase(java.util.Locale.ROOT));
      m.put("lr", g.lr());
      m.put("momentum", g.momentum());
      groups.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", s.type().className());
    out.put("state", state);
    out.put("param_groups", groups);
    out.put("param_keys", keys);
    out.put("scaler", new LinkedHashMap<>(scaler.stateDict()));
    return out;
  }
}
