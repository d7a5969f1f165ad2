package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.cfg.ArgSupport;
import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.parallel.DistEnv;
import dev.yolojava.core.parallel.DistGroup;
import dev.yolojava.core.parallel.RankThreads;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into training: {@code Yolo.train}, {@code yolo train} and the samples all call {@link #train}, which
 * chooses how the run goes:
 *
 * <ul>
 *   <li>one rank of a torchrun-style job when {@code WORLD_SIZE} > 1 is in the environment (several JVMs, one per
 *       GPU, possibly on several hosts);
 *   <li>one thread per GPU in this JVM for {@code device=0,1,...};
 *   <li>{@code -Dyolo.dist.ranks=N} with one device: N ranks as threads sharing it, over Gloo (NCCL cannot put two
 *       ranks on one GPU) - to try the data-parallel path on a CPU or a single GPU; N=1 on a GPU is one NCCL rank;
 *   <li>else a plain single-device {@link Trainer}.
 * </ul>
 *
 * <p>Threads rather than child processes for {@code device=0,1}: libtorch releases the GIL-free JVM threads into
 * native code for all heavy work, so one JVM drives several GPUs without the start-up cost (JVM + natives + model
 * build) of extra processes, and the data set and label cache are opened once per rank from the same files.
 * The collective timeout is {@code YOLO_DIST_TIMEOUT} seconds (default 1800, as PyTorch).
 */
public final class Training {
  private static final Logger LOG = LoggerFactory.getLogger(Training.class);

  private Training() {}

  /**
   * Trains a classifier ({@code task=classify}) on one device: the same entry as the other tasks, so the CLI, the
   * API and the samples reach the same trainer. Data-parallel classification is refused by name.
   */
  public static TrainResult train(Classifier model, YoloArgs args, TrainCallbacks callbacks) {
    Device device = Device.parse(args.device().orElse("")).requireAvailable();
    boolean parallel = DistEnv.fromSystemEnv().map(e -> e.worldSize() > 1).orElse(false)
        || device.split().size() > 1 || sharedRanks() > 0;
    if (parallel) {
      throw new UnsupportedOperationException(String.format(java.util.Locale.ROOT, "train: device=%s asks for"
          + " data-parallel ranks, but classify training runs on one device in this build; train with one device,"
          + " e.g. device=0", args.device().orElse("")));
    }
    try (Cuda.DeviceGuard guard = Cuda.deviceGuard(device.isCuda() ? device.split().get(0) : Device.CPU)) {
      return new ClassifyTrainer(model, args, callbacks).train(device.split().get(0));
    }
  }

  /**
   * Trains {@code model} as {@code args} and the environment say; returns rank 0's result. A data set with another
   * class count (or a pose data set with other keypoints) than the model's trains a rebuilt head (see
   * {@link YoloModel#forTraining}).
   */
  public static TrainResult train(YoloModel model, YoloArgs args, TrainCallbacks callbacks) {
    model.requireTask("train", "detect", "pose", "segment");
    ArgSupport.check(args, "train"); // keys set that this build does not train with are named once
    Duration timeout = DistGroup.timeoutFromEnv();
    Optional<DistEnv> env = DistEnv.fromSystemEnv();
    Device device = Device.parse(args.device().orElse("")).requireAvailable();
    boolean parallel = env.isPresent() && env.get().worldSize() > 1 || device.split().size() > 1 || sharedRanks() > 0;
    if (parallel && !model.net().task().equals("detect")) {
      throw new UnsupportedOperationException(String.format(java.util.Locale.ROOT, "train: device=%s asks for"
          + " data-parallel ranks, but %s training runs on one device in this build (its losses cannot yet add up"
          + " across ranks); train with one device, e.g. device=0", args.device().orElse(""), model.net().task()));
    }
    if (env.isPresent() && env.get().worldSize() > 1) {
      // NCCL needs a GPU per rank: ranks of this host sharing the listed GPUs talk over Gloo
      boolean nccl = rankDevice(device, env.get().localRank()).isCuda()
          && DistEnv.localWorldSize(System.getenv()) <= device.split().size();
      LOG.info("Training as rank {} of {} (torchrun environment, {})", env.get().rank(), env.get().worldSize(),
          nccl ? "NCCL" : "Gloo");
      return trainRank(model, args, callbacks, env.get(), device, timeout, nccl);
    }
    int devices = device.split().size();
    int shared = sharedRanks();
    if (devices > 1 || shared > 0) {
      int ranks = devices > 1 ? devices : shared;
      LOG.info("Training data-parallel: {} ranks as threads of this JVM on {} ({})", ranks, device,
          usesNccl(device, ranks) ? "NCCL" : "Gloo");
      return trainInThreads(model, args, callbacks, ranks, timeout);
    }
    // a single GPU is the thread's current device, so pinned memory and handles do not open a context on GPU 0
    try (Cuda.DeviceGuard guard = Cuda.deviceGuard(device.isCuda() ? device.split().get(0) : Device.CPU)) {
      return new Trainer(model, args, callbacks).train();
    }
  }

  /** {@code -Dyolo.dist.ranks}: ranks sharing the one device of {@code device=}, 0 (the default) for none. */
  private static int sharedRanks() {
    String v = System.getProperty("yolo.dist.ranks", "0").trim();
    try {
      int n = Integer.parseInt(v);
      checkArgument(n >= 0, "yolo.dist.ranks is %s, expected a number of ranks >= 0", v);
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("yolo.dist.ranks is '" + v + "', expected a number of ranks", e);
    }
  }

  /** NCCL where every rank has a GPU of its own; Gloo on the CPU and where ranks share a GPU. */
  private static boolean usesNccl(Device device, int ranks) {
    return device.isCuda() && device.split().size() >= ranks;
  }

  /**
   * One rank of a job whose place is {@code env}; the GPU is {@code device}'s entry at the local rank (the one
   * device itself when it names one). {@code nccl} false: Gloo.
   */
  static TrainResult trainRank(YoloModel model, YoloArgs args, TrainCallbacks callbacks, DistEnv env, Device device,
      Duration timeout, boolean nccl) {
    Device mine = rankDevice(device, env.localRank());
    try (AutoCloseable guard = Cuda.deviceGuard(mine);
        DistGroup group = nccl ? DistGroup.nccl(env, timeout) : DistGroup.gloo(env, timeout)) {
      return new Trainer(model, args, env.rank() == 0 ? callbacks : null).withDistGroup(group).train();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("rank " + env.rank() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code ranks} ranks as threads of this JVM on loopback, rank r on the r-th GPU of {@code args.device()} (or all
   * on its one device, CPU or GPU, with Gloo). Rank 0 trains {@code model}; the others train fresh copies that start
   * from rank 0's broadcast weights. Returns rank 0's result; the first failure of any rank is rethrown.
   */
  public static TrainResult trainInThreads(YoloModel model, YoloArgs args, TrainCallbacks callbacks, int ranks,
      Duration timeout) {
    checkArgument(ranks >= 1, "ranks is %s, expected >= 1", ranks);
    Device device = Device.parse(args.device().orElse(""));
    boolean nccl = usesNccl(device, ranks);
    // libtorch runs every backward pass on a GPU in one autograd thread per device and process: the ranks' passes
    // queue behind each other there, so SyncBatchNorm's all-reduce inside backward would wait for a peer forever
    checkArgument(!(device.isCuda() && !nccl && Boolean.getBoolean("yolo.dist.syncBatchNorm")),
        "yolo.dist.syncBatchNorm=true with %s ranks sharing %s: ranks that share a GPU must be separate processes"
            + " for SyncBatchNorm (a torchrun-style launch: WORLD_SIZE, RANK, LOCAL_WORLD_SIZE, MASTER_PORT), or each"
            + " rank needs a GPU of its own (device=0,1,...)", ranks, device);
    int port = RankThreads.freePort();
    List<Callable<TrainResult>> tasks = new ArrayList<>();
    for (int r = 0; r < ranks; r++) {
      DistEnv env = new DistEnv("127.0.0.1", port, ranks, r, r);
      boolean copy = r != 0;
      tasks.add(() -> {
        YoloModel m = copy ? YoloModel.of(DetectionModel.fromConfig(model.net().config()), model.names()) : model;
        try {
          return trainRank(m, args, callbacks, env, device, timeout, nccl);
        } finally {
          if (copy) {
            m.close();
          }
        }
      });
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
