package dev.yolojava.core.dist;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.TrainCallbacks;
import dev.yolojava.core.engine.TrainResult;
import dev.yolojava.core.engine.Trainer;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Chooses how a training runs: one rank of a torchrun-style job when {@code WORLD_SIZE} > 1 is in the environment
 * (several JVMs, one per GPU, possibly on several hosts); one thread per GPU in this JVM for {@code device=0,1,...};
 * else a plain single-device {@link Trainer}.
 *
 * <p>Threads rather than child processes for {@code device=0,1}: libtorch releases the GIL-free JVM threads into
 * native code for all heavy work, so one JVM drives several GPUs without the start-up cost (JVM + natives + model
 * build) of extra processes, and the data set and label cache are opened once per rank from the same files.
 * The collective timeout is {@code YOLO_DIST_TIMEOUT} seconds (default 1800, as PyTorch).
 */
public final class DistributedTraining {
  private DistributedTraining() {}

  /** Trains {@code model} as {@code args} and the environment say; returns rank 0's result. */
  public static TrainResult train(YoloModel model, YoloArgs args, TrainCallbacks callbacks) {
    Duration timeout = timeoutFromEnv();
    Optional<DistEnv> env = DistEnv.fromSystemEnv();
    Device device = Device.parse(args.device().orElse("")).requireAvailable();
    if (env.isPresent() && env.get().worldSize() > 1) {
      return trainRank(model, args, callbacks, env.get(), device, timeout);
    }
    if (device.cudaIndices().size() > 1) {
      return trainInThreads(model, args, callbacks, device.cudaIndices().size(), timeout);
    }
    // a single GPU is the thread's current device, so pinned memory and handles do not open a context on GPU 0
    try (Cuda.DeviceGuard guard = Cuda.deviceGuard(device.isCuda() ? device.split().get(0) : Device.CPU)) {
      return new Trainer(model, args, callbacks).train();
    }
  }

  /** The collective timeout: {@code YOLO_DIST_TIMEOUT} seconds, else {@link DistGroup#DEFAULT_TIMEOUT}. */
  public static Duration timeoutFromEnv() {
    String s = System.getenv("YOLO_DIST_TIMEOUT");
    if (s == null || s.isBlank()) {
      return DistGroup.DEFAULT_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(s.trim());
      checkArgument(seconds > 0, "YOLO_DIST_TIMEOUT is %s, expected seconds > 0", s);
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("YOLO_DIST_TIMEOUT is '" + s + "', expected a number of seconds", e);
    }
  }

  /** One rank of a job whose place is {@code env}; the GPU is {@code device}'s entry at the local rank. */
  static TrainResult trainRank(YoloModel model, YoloArgs args, TrainCallbacks callbacks, DistEnv env, Device device,
      Duration timeout) {
    Device mine = rankDevice(device, env.localRank());
    try (AutoCloseable guard = Cuda.deviceGuard(mine);
        DistGroup group = mine.isCuda() ? DistGroup.nccl(env, timeout) : DistGroup.gloo(env, timeout)) {
      return new Trainer(model, args, env.rank() == 0 ? callbacks : null).withDistGroup(group).train();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("rank " + env.rank() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code ranks} ranks as threads of this JVM on loopback, rank r on the r-th GPU of {@code args.device()} (or all
   * on the CPU with Gloo). Rank 0 trains {@code model}; the others train fresh copies that start from rank 0's
   * broadcast weights. Returns rank 0's result; the first failure of any rank is rethrown.
   */
  public static TrainResult trainInThreads(YoloModel model, YoloArgs args, TrainCallbacks callbacks, int ranks,
      Duration timeout) {
    checkArgument(ranks >= 1, "ranks is %s, expected >= 1", ranks);
    Device device = Device.parse(args.device().orElse(""));
    int port = RankThreads.freePort();
    List<Callable<TrainResult>> tasks = new ArrayList<>();
    for (int r = 0; r < ranks; r++) {
      DistEnv env = new DistEnv("127.0.0.1", port, ranks, r, r);
      YoloModel m = r == 0 ? model : YoloModel.of(DetectionModel.fromConfig(model.net().config()), model.names());
      tasks.add(() -> trainRank(m, args, callbacks, env, device, timeout));
    }
    ExecutorService pool = Executors.newFixedThreadPool(ranks, r -> {
      Thread t = new Thread(r, "yolo-rank");
      t.setDaemon(true);
      return t;
    });
    return RankThreads.runAll(pool, tasks, "training");
  }

  private static Device rankDevice(Device device, int localRank) {
    List<Device> all = device.split();
    if (all.size() == 1) {
      return all.get(0);
    }
    checkArgument(localRank < all.size(), "LOCAL_RANK is %s but device '%s' lists %s GPUs", localRank, device,
        all.size());
    return all.get(localRank);
  }
}
