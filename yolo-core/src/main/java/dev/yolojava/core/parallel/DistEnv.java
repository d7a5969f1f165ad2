package dev.yolojava.core.parallel;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.Optional;

/**
 * Where one rank stands in a distributed job: the rendezvous address and this process's place, as torchrun sets them
 * ({@code MASTER_ADDR}, {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK}, {@code LOCAL_RANK}).
 *
 * @param masterAddr host of rank 0's {@code TCPStore}
 * @param masterPort port of rank 0's {@code TCPStore}
 * @param worldSize  number of ranks in the job
 * @param rank       this rank, in [0, worldSize)
 * @param localRank  this rank's index on its host (its GPU index when one rank drives one GPU)
 */
public record DistEnv(String masterAddr, int masterPort, int worldSize, int rank, int localRank) {

  /** Validates the fields. */
  public DistEnv {
    checkArgument(masterAddr != null && !masterAddr.isBlank(), "MASTER_ADDR is '%s', expected a host name",
        masterAddr);
    checkArgument(masterPort > 0 && masterPort < 65536, "MASTER_PORT is %s, expected 1..65535", masterPort);
    checkArgument(worldSize >= 1, "WORLD_SIZE is %s, expected >= 1", worldSize);
    checkArgument(rank >= 0 && rank < worldSize, "RANK is %s, expected 0..%s for WORLD_SIZE %s", rank,
        worldSize - 1, worldSize);
    checkArgument(localRank >= 0, "LOCAL_RANK is %s, expected >= 0", localRank);
  }

  /** The environment of this process when torchrun-style variables are set ({@code WORLD_SIZE} present). */
  public static Optional<DistEnv> fromSystemEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Reads the torchrun variables from {@code env}; empty when {@code WORLD_SIZE} is absent (not a distributed
   * launch). {@code MASTER_ADDR} defaults to 127.0.0.1, {@code LOCAL_RANK} to {@code RANK}.
   */
  public static Optional<DistEnv> fromEnv(Map<String, String> env) {
    String world = env.get("WORLD_SIZE");
    if (world == null) {
      return Optional.empty();
    }
    String addr = env.getOrDefault("MASTER_ADDR", "127.0.0.1");
    int port = parse(env, "MASTER_PORT", null);
    int rank = parse(env, "RANK", null);
    int localRank = parse(env, "LOCAL_RANK", Integer.toString(rank));
    return Optional.of(new DistEnv(addr, port, parse(env, "WORLD_SIZE", null), rank, localRank));
  }

  /**
   * {@code LOCAL_WORLD_SIZE} of {@code env} (torchrun sets it: the ranks on this host), 0 when absent. More local
   * ranks than GPUs means ranks share a GPU, which NCCL refuses.
   */
  public static int localWorldSize(Map<String, String> env) {
    return env.containsKey("LOCAL_WORLD_SIZE") ? parse(env, "LOCAL_WORLD_SIZE", null) : 0;
  }

  private static int parse(Map<String, String> env, String key, String fallback) {
    String value = env.getOrDefault(key, fallback);
    checkArgument(value != null, "%s is not set but WORLD_SIZE is: a distributed launch needs MASTER_PORT and RANK",
        key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is '" + value + "', expected an integer", e);
    }
  }

  /** True for the rank that logs, plots and saves checkpoints. */
  public boolean isMain() {
    return rank == 0;
  }
}
