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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training run's directory, as Ultralytics lays it out: {@code args.yaml}, {@code results.csv},
 * {@code weights/last.pt} (EMA weights, optimizer and scaler state, written atomically every epoch) and
 * {@code weights/best.pt} (the same bytes, when fitness improved), plus {@code weights/epochN.pt} every
 * {@code save_period} epochs.
 */
final class TrainRun {
  private final Path dir;
  private final YoloArgs args;
  private final ResultsCsv results;
  private final List<String> names;

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

  Path last() {
    return dir.resolve("weights/last.pt");
  }

  Path best() {
    return dir.resolve("weights/best.pt");
  }

  /**
   * Writes {@code last.pt} for {@code epoch} (0-based) from {@code emaNet} (already holding the EMA weights), and
   * copies it to {@code best.pt} when {@code improved}.
   */
  void save(DetectionModel emaNet, ModelEma ema, TrainOptimizer optimizer, GradScaler scaler, int epoch,
      double bestFitness, boolean improved, Map<String, Object> metrics) {
    try (OptimizerState state = optimizer.exportState()) {
      CheckpointMeta meta = CheckpointMeta.training(epoch, bestFitness).names(names).trainArgs(args.asMap())
          .trainMetrics(metrics).updates((int) ema.updates()).optimizer(optimizerPickle(state, scaler)).build();
      CheckpointWriter.write(last(), emaNet, meta);
      if (improved) {
        Files.copy(last(), best(), StandardCopyOption.REPLACE_EXISTING);
      }
      int period = args.savePeriod();
      if (period > 0 && (epoch + 1) % period == 0) {
        Files.copy(last(), dir.resolve("weights/epoch" + (epoch + 1) + ".pt"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save checkpoint " + last(), e);
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
