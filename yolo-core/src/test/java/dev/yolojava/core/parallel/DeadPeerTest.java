package dev.yolojava.core.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.ops.Tensors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;

/** A peer that stops answering becomes a clear error after the timeout, and torchrun variables are validated. */
class DeadPeerTest {

  @Test
  void allReduceWithExitedPeerFailsWithClearMessage() throws Exception {
    // rank 1 joins, then leaves (closes its group) without taking part in the all-reduce
    String message = rank0AllReduce(g -> "rank 1 left");
    assertThat(message).startsWith("rank 0/2: all-reduce failed within the timeout PT2S: a peer is dead");
  }

  @Test
  void allReduceWithStuckPeerTimesOutAfterTheTimeout() throws Exception {
    // rank 1 stays connected but never calls the all-reduce: only the timeout can end rank 0's wait
    String message = rank0AllReduce(g -> {
      try {
        Thread.sleep(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "rank 1 slept";
    });
    assertThat(message).startsWith("rank 0/2: all-reduce failed within the timeout PT2S: a peer is dead");
    assertThat(message).containsIgnoringCase("timed out");
  }

  private static String rank0AllReduce(java.util.function.Function<DistGroup, String> rank1) throws Exception {
    List<String> outcome = Ranks.run(2, Duration.ofSeconds(2), g -> {
      if (g.rank() == 1) {
        return rank1.apply(g);
      }
      try (PointerScope s = new PointerScope()) {
        g.allReduceSum(Tensors.fromFloats(new float[] {1f, 2f}, 2));
        return "no error";
      } catch (DistTimeoutException e) {
        return e.getMessage();
      }
    });
    return outcome.get(0);
  }

  @Test
  void envParsing() {
    DistEnv env = DistEnv.fromEnv(Map.of("WORLD_SIZE", "4", "RANK", "3", "MASTER_PORT", "29500",
        "MASTER_ADDR", "node1", "LOCAL_RANK", "1")).orElseThrow();
    assertThat(env).isEqualTo(new DistEnv("node1", 29500, 4, 3, 1));
    assertThat(DistEnv.fromEnv(Map.of())).isEmpty();
    assertThatThrownBy(() -> DistEnv.fromEnv(Map.of("WORLD_SIZE", "2", "RANK", "2", "MASTER_PORT", "29500")))
        .hasMessage("RANK is 2, expected 0..1 for WORLD_SIZE 2");
    assertThatThrownBy(() -> DistEnv.fromEnv(Map.of("WORLD_SIZE", "2", "RANK", "0")))
        .hasMessage("MASTER_PORT is not set but WORLD_SIZE is: a distributed launch needs MASTER_PORT and RANK");
    assertThat(DistEnv.localWorldSize(Map.of("LOCAL_WORLD_SIZE", "2"))).isEqualTo(2);
    assertThat(DistEnv.localWorldSize(Map.of())).isZero();
  }
}
