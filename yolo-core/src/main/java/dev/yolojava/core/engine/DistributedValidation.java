package dev.yolojava.core.engine;

import dev.yolojava.core.loss.DetectionLoss;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ConfusionMatrix;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.data.YoloDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.StateDicts;
import dev.yolojava.core.parallel.DistEnv;
import dev.yolojava.core.parallel.DistGroup;
import dev.yolojava.core.parallel.RankThreads;
import dev.yolojava.core.parallel.StatsExchange;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;

/**
 * Validation split over the ranks of a group: each rank validates its contiguous block of batches (as Ultralytics'
 * sharded validation), the per-image statistics, confusion counts and loss sums go to rank 0, and rank 0 computes
 * the metrics from the merged statistics, which are identical to those of a single pass over the whole set.
 */
public final class DistributedValidation {
  private DistributedValidation() {}

  /**
   * Validates rank {@code group.rank()}'s shard with {@code validator} and returns, on rank 0, the result of the
   * whole set (speeds are rank 0's), elsewhere empty. Shards are validated without plots or tables; rank 0 logs
   * the merged table when {@code o.verbose()}.
   *
   * @param loss the training loss for {@code val/*_loss}, or null
   */
  public static Optional<ValidationResult> validate(Validator validator, YoloDataset ds, ValOptions o,
      DistGroup group, DetectionLoss loss) {
    return run(validator, ds, o, group, loss, false);
  }

  /**
   * As {@link #validate}, but every rank gets the merged result (training: all ranks then take the same
   * best/early-stop decisions without another exchange).
   */
  public static ValidationResult validateAll(Validator validator, YoloDataset ds, ValOptions o, DistGroup group,
      DetectionLoss loss) {
    return run(validator, ds, o, group, loss, true).orElseThrow();
  }

  private static Optional<ValidationResult> run(Validator validator, YoloDataset ds, ValOptions o,
      DistGroup group, DetectionLoss loss, boolean toAll) {
    ValOptions shardOptions = new ValOptions(o.imgsz(), o.batch(), o.conf(), o.iou(), o.maxDet(), o.half(),
        o.singleCls(), o.workers(), false, null, false, o.classes());
    ValidationResult shard = validator.validate(ds, shardOptions, group.rank(), group.worldSize(), loss);
    List<byte[]> all = toAll ? group.allGatherBytes(encode(shard)) : group.gatherBytes(encode(shard));
    if (all.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = shard.metrics().names();
    List<BoxStats> stats = new ArrayList<>();
    ConfusionMatrix cm = new ConfusionMatrix(shard.confusion().names());
    double[] lossSum = null;
    int images = 0;
    for (byte[] bytes : all) {
      Shard s = decode(bytes, names.size());
      stats.add(s.stats);
      cm.add(ConfusionMatrix.of(shard.confusion().names(), s.confusion));
      if (s.valLoss != null) {
        // weight each rank's mean batch loss by its images; equals the single-pass mean when batches are full
        lossSum = lossSum == null ? new double[s.valLoss.length] : lossSum;
        for (int k = 0; k < lossSum.length; k++) {
          lossSum[k] += s.valLoss[k] * s.stats.numImages();
        }
      }
      images += s.stats.numImages();
    }
    if (lossSum != null) {
      for (int k = 0; k < lossSum.length; k++) {
        lossSum[k] /= Math.max(1, images);
      }
    }
    BoxStats merged = BoxStats.merge(stats);
    DetMetrics metrics = DetMetrics.compute(merged, names);
    // a segment or pose model's shards carry the task's statistics: the merged metrics, as one pass gives them
    dev.yolojava.core.metrics.TaskMetrics task = shard.task() == null ? null
        : dev.yolojava.core.metrics.TaskMetrics.compute(shard.task().kind(), merged, names);
    ValidationResult r = new ValidationResult(metrics, merged, cm, shard.preprocessMs(), shard.inferenceMs(),
        shard.postprocessMs(), lossSum, task);
    if (o.verbose() && group.rank() == 0) {
      org.slf4j.LoggerFactory.getLogger(DistributedValidation.class).info("\n{}", r.table(true));
    }
    return Optional.of(r);
  }

  /**
   * {@code model.val(device="0,1")}: one thread per GPU of {@code device}, each validating its shard with its own
   * copy of {@code model}'s weights on its GPU; statistics are exchanged through a Gloo group on loopback (CPU
   * bytes only). Returns the merged result, identical in metrics to a single pass.
   */
  public static ValidationResult validateInThreads(YoloModel model, String data, ValOptions o, Device device,
      Duration timeout) {
    return validateInThreads(model, data, o, device.split(), timeout, true, v -> v);
  }

  /** As {@link #validateInThreads(YoloModel, String, ValOptions, Device, Duration)} with Ultralytics' end2end. */
  public static ValidationResult validateInThreads(YoloModel model, String data, ValOptions o, Device device,
      Duration timeout, boolean endToEnd) {
    return validateInThreads(model, data, o, device.split(), timeout, endToEnd, v -> v);
  }

  /**
   * As {@link #validateInThreads(YoloModel, String, ValOptions, Device, Duration, boolean)}, each rank's validator
   * set up by {@code setup} (e.g. {@link Validator#masks} for a segment model).
   */
  public static ValidationResult validateInThreads(YoloModel model, String data, ValOptions o, Device device,
      Duration timeout, boolean endToEnd, java.util.function.UnaryOperator<Validator> setup) {
    return validateInThreads(model, data, o, device.split(), timeout, endToEnd, setup);
  }

  /** One rank per entry of {@code devices} (tests run two ranks on the CPU). */
  static ValidationResult validateInThreads(YoloModel model, String data, ValOptions o, List<Device> devices,
      Duration timeout) {
    return validateInThreads(model, data, o, devices, timeout, true, v -> v);
  }

  private static ValidationResult validateInThreads(YoloModel model, String data, ValOptions o, List<Device> devices,
      Duration timeout, boolean endToEnd, java.util.function.UnaryOperator<Validator> setup) {
    int world = devices.size();
    DataConfig cfg = DataConfig.resolve(data);
    DatasetOptions dopts = new Validator(model).datasetOptions(cfg, DatasetOptions.of(o.imgsz())
        .withCache(CacheMode.NONE).withSingleCls(o.singleCls()).withClasses(o.classes()));
    int port = RankThreads.freePort();
    List<Callable<Optional<ValidationResult>>> tasks = new ArrayList<>();
    for (int r = 0; r < world; r++) {
      DistEnv env = new DistEnv("127.0.0.1", port, world, r, r);
      Device mine = devices.get(r);
      tasks.add(() -> {
        try (AutoCloseable guard = Cuda.deviceGuard(mine);
            YoloDataset ds = YoloDataset.open(cfg, Split.VAL, dopts);
            DistGroup group = DistGroup.gloo(env, timeout)) {
          YoloModel copy = YoloModel.of(DetectionModel.fromConfig(model.net().config()), model.names());
          copy.net().loadStateDict(StateDicts.of(model.net()));
          copy.net().setEndToEnd(endToEnd);
          copy.to(mine);
          copy.net().eval();
          try {
            return validate(setup.apply(new Validator(copy)), ds, o, group, null);
          } finally {
            copy.close();
          }
        }
      });
    }
    return RankThreads.runAll(Executors.newFixedThreadPool(world), tasks, "validating").orElseThrow();
  }

  private record Shard(BoxStats stats, double[][] confusion, double[] valLoss) {}

  private static byte[] encode(ValidationResult r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] stats = StatsExchange.encode(r.stats());
      out.writeInt(stats.length);
      out.write(stats);
      for (double[] row : r.confusion().matrix()) {
        for (double v : row) {
          out.writeDouble(v);
        }
      }
      double[] loss = r.valLoss();
      out.writeInt(loss == null ? -1 : loss.length);
      if (loss != null) {
        for (double v : loss) {
          out.writeDouble(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static Shard decode(byte[] data, int nc) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte[] stats = new byte[in.readInt()];
      in.readFully(stats);
      double[][] cm = new double[nc + 1][nc + 1];
      for (double[] row : cm) {
        for (int j = 0; j < row.length; j++) {
          row[j] = in.readDouble();
        }
      }
      int n = in.readInt();
      double[] loss = n < 0 ? null : new double[n];
      for (int k = 0; k < n; k++) {
        loss[k] = in.readDouble();
      }
      return new Shard(StatsExchange.decode(stats), cm, loss);
    } catch (IOException e) {
      throw new UncheckedIOException("validation results from a peer are truncated: " + e.getMessage(), e);
    }
  }
}
