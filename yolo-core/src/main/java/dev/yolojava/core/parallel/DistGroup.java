package dev.yolojava.core.parallel;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * A c10d process group (Gloo for CPU tensors, NCCL for CUDA tensors) joined through rank 0's {@code TCPStore}. Every
 * collective waits at most {@link #timeout()}; a peer that died or stopped answering becomes a
 * {@link DistTimeoutException} naming the operation, this rank and the timeout instead of a hang.
 */
public final class DistGroup implements AutoCloseable {

  /** PyTorch's default process-group timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  /** The collective timeout: {@code YOLO_DIST_TIMEOUT} seconds, else {@link #DEFAULT_TIMEOUT}. */
  public static Duration timeoutFromEnv() {
    String s = System.getenv("YOLO_DIST_TIMEOUT");
    if (s == null || s.isBlank()) {
      return DEFAULT_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(s.trim());
      checkArgument(seconds > 0, "YOLO_DIST_TIMEOUT is %s, expected seconds > 0", s);
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("YOLO_DIST_TIMEOUT is '" + s + "', expected a number of seconds", e);
    }
  }


  private final DistEnv env;
  private final Duration timeout;
  private final TCPStore store;
  private final Backend backend;
  private final String backendName;
  private int storeRound;

  private DistGroup(DistEnv env, Duration timeout, TCPStore store, Backend backend, String backendName) {
    this.env = env;
    this.timeout = timeout;
    this.store = store;
    this.backend = backend;
    this.backendName = backendName;
  }

  /** Joins a Gloo group (CPU tensors); blocks until all {@code env.worldSize()} ranks have joined or timeout. */
  public static DistGroup gloo(DistEnv env, Duration timeout) {
    TCPStore store = rendezvous(env, timeout);
    ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(millis(timeout));
    // Loopback for single-host jobs; otherwise the device for this host's name, as torch.distributed does.
    String host = isLoopback(env.masterAddr()) ? "127.0.0.1" : hostName();
    options.devices().push_back(ProcessGroupGloo.createDeviceForHostname(host));
    Backend pg = run(env, timeout, "join Gloo group",
        () -> new ProcessGroupGloo(store, env.rank(), env.worldSize(), options));
    return new DistGroup(env, timeout, store, pg, "gloo");
  }

  /** Joins an NCCL group (CUDA tensors; this rank's GPU must be the current device). */
  public static DistGroup nccl(DistEnv env, Duration timeout) {
    TCPStore store = rendezvous(env, timeout);
    ProcessGroupNCCL.Options options = ProcessGroupNCCL.Options.create();
    options.timeout(millis(timeout));
    Backend pg = run(env, timeout, "join NCCL group",
        () -> new ProcessGroupNCCL(store, env.rank(), env.worldSize(), options));
    return new DistGroup(env, timeout, store, pg, "nccl");
  }

  private static TCPStore rendezvous(DistEnv env, Duration timeout) {
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout is %s, expected > 0", timeout);
    TCPStoreOptions opts = new TCPStoreOptions();
    opts.port((short) env.masterPort());
    opts.isServer(env.rank() == 0);
    opts.waitWorkers(false);
    opts.timeout(millis(timeout));
    return run(env, timeout, "connect to TCPStore at " + env.masterAddr() + ":" + env.masterPort(),
        () -> new TCPStore(env.masterAddr(), opts));
  }

  /** This rank's place in the job. */
  public DistEnv env() {
    return env;
  }

  /** This rank. */
  public int rank() {
    return env.rank();
  }

  /** Number of ranks. */
  public int worldSize() {
    return env.worldSize();
  }

  /** The timeout of every collective. */
  public Duration timeout() {
    return timeout;
  }

  /** "gloo" or "nccl". */
  public String backendName() {
    return backendName;
  }

  /** Starts an in-place sum all-reduce of {@code t}; wait on it with {@link #await}. */
  public Work allReduceSumAsync(Tensor t) {
    AllreduceOptions options = new AllreduceOptions();
    options.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
    options.timeout(millis(timeout));
    return run(env, timeout, "all-reduce", () -> backend.allreduce(new TensorVector(t), options));
  }

  /** In-place sum of {@code t} over all ranks. */
  public void allReduceSum(Tensor t) {
    await(allReduceSumAsync(t), "all-reduce");
  }

  /** Overwrites each of {@code tensors} in place with rank {@code root}'s values. */
  public void broadcast(List<Tensor> tensors, int root) {
    checkArgument(root >= 0 && root < worldSize(), "root is %s, expected 0..%s", root, worldSize() - 1);
    for (Tensor t : tensors) {
      BroadcastOptions options = new BroadcastOptions();
      options.rootRank(root);
      options.timeout(millis(timeout));
      await(run(env, timeout, "broadcast", () -> backend.broadcast(new TensorVector(t), options)), "broadcast");
    }
  }

  /** Blocks until every rank has reached this call. */
  public void barrier() {
    await(run(env, timeout, "barrier", backend::barrier), "barrier");
  }

  /** Waits for {@code work}, turning a timeout or a peer failure into a {@link DistTimeoutException}. */
  public void await(Work work, String what) {
    run(env, timeout, what, () -> {
      if (!work._wait(millis(timeout))) {
        throw new IllegalStateException("wait returned false");
      }
      return null;
    });
  }

  /**
   * Gathers one byte array from every rank to rank 0 through the store (small payloads: validation statistics).
   * Rank 0 gets all arrays in rank order; the other ranks get an empty list. Every rank must call it in the same
   * order.
   */
  public List<byte[]> gatherBytes(byte[] mine) {
    return exchange(mine, false);
  }

  /** As {@link #gatherBytes}, but every rank gets all arrays in rank order. */
  public List<byte[]> allGatherBytes(byte[] mine) {
    return exchange(mine, true);
  }

  private List<byte[]> exchange(byte[] mine, boolean toAll) {
    int round = storeRound++;
    String prefix = "yolojava/gather/" + round + "/";
    run(env, timeout, "gather (set)", () -> {
      store.set(prefix + rank(), new ByteVector(mine));
      return null;
    });
    List<byte[]> all = new ArrayList<>();
    if (toAll || rank() == 0) {
      for (int r = 0; r < worldSize(); r++) {
        String key = prefix + r;
        all.add(run(env, timeout, "gather from rank " + r, () -> store.get(key).get()));
      }
      // the last reader frees the round's keys; no backend barrier, so NCCL never picks a device on its own
      int readers = toAll ? worldSize() : 1;
      long read = run(env, timeout, "gather (ack)", () -> store.add(prefix + "read", 1));
      if (read == readers) {
        for (int r = 0; r < worldSize(); r++) {
          store.deleteKey(prefix + r);
        }
        store.deleteKey(prefix + "read");
      }
    }
    return all;
  }

  /**
   * Leaves the group once every rank has reached close (waiting at most the timeout, capped at 30 s), so rank 0
   * does not shut its store down while a peer still reads the last exchange from it.
   */
  @Override
  public void close() {
    try {
      long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(30).toNanos());
      store.add("yolojava/close", 1);
      while (store.add("yolojava/close", 0) < worldSize() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } catch (RuntimeException e) {
      // a peer (or rank 0's store) is already gone: nothing left to wait for
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      backend.close();
      store.close();
    }
  }

  private static boolean isLoopback(String addr) {
    return addr.equals("127.0.0.1") || addr.equals("localhost") || addr.equals("::1");
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("cannot resolve this host's name for the Gloo device: " + e.getMessage(), e);
    }
  }

  static Milliseconds millis(Duration d) {
    return new Milliseconds(d.toMillis());
  }

  private interface NativeCall<T> {
    T call();
  }

  private static <T> T run(DistEnv env, Duration timeout, String what, NativeCall<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw new DistTimeoutException(String.format(
          "rank %d/%d: %s failed within the timeout %s: a peer is dead, stuck or unreachable (%s)", env.rank(),
          env.worldSize(), what, timeout, firstLine(e.getMessage())), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
