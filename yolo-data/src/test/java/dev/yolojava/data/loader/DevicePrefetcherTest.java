package dev.yolojava.data.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class DevicePrefetcherTest {
  private static final dev.yolojava.cuda.Device CPU = dev.yolojava.cuda.Device.CPU;

  /** A one-image batch whose image holds {@code index} everywhere. */
  private static Batch batch(int index) {
    try (PointerScope scope = new PointerScope()) {
      Tensor[] t = {torch.full(new long[] {1, 3, 2, 2}, new org.bytedeco.pytorch.Scalar(index)),
          torch.zeros(0), torch.zeros(0, 1), torch.zeros(0, 4)};
      for (Tensor x : t) {
        x.retainReference();
      }
      return new Batch(index, t[0], t[1], t[2], t[3], List.of(Path.of("img" + index + ".jpg")),
          List.of(new int[] {2, 2}), null);
    }
  }

  /** Yields batches 0..n-1, failing with {@code failure} instead of batch {@code failAt} (-1: never). */
  private static Iterator<Batch> source(int n, int failAt, RuntimeException failure, AtomicInteger made) {
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Batch next() {
        if (i == failAt) {
          i++;
          throw failure;
        }
        made.incrementAndGet();
        return batch(i++);
      }
    };
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
  void batchesComeOutInOrderWithTheirContent(int threads) {
    AtomicInteger made = new AtomicInteger();
    List<Integer> seen = new ArrayList<>();
    try (DevicePrefetcher p = new DevicePrefetcher(source(7, -1, null, made), CPU, 2, threads)) {
      while (p.hasNext()) {
        try (Batch b = p.next()) {
          seen.add(b.index());
          assertThat(b.images().max().item_double()).isEqualTo(b.index());
          assertThat(b.hostTargets()).hasSize(3);
        }
      }
    }
    assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(made.get()).isEqualTo(7);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
  void aLoaderFailureReachesTheConsumerAsTheSameException(int threads) {
    // e.g. CUDA running out of memory while rendering: the trainer maps that exception to its batch advice
    RuntimeException failure = new IllegalStateException("CUDA out of memory. Tried to allocate 4.69 GiB");
    try (DevicePrefetcher p = new DevicePrefetcher(source(5, 2, failure, new AtomicInteger()), CPU, 2, threads)) {
      p.next().close();
      p.next().close();
      assertThatThrownBy(p::hasNext).isSameAs(failure);
      assertThat(p.hasNext()).isFalse();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
  void closingEarlyStopsTheThreadsAndFreesWhatTheyMoved(int threads) {
    AtomicInteger made = new AtomicInteger();
    DevicePrefetcher p = new DevicePrefetcher(source(1000, -1, null, made), CPU, 3, threads);
    p.next().close();
    p.close();
    int after = made.get();
    assertThat(after).isLessThan(1000);
    assertThat(Thread.getAllStackTraces().keySet()) // close() joined the thread
        .noneMatch(t -> t.getName().startsWith("yolo-device-prefetch-") && t.isAlive());
    assertThat(made.get()).isEqualTo(after); // nothing more is taken from the loader after close
  }

  @Test
  void closingFromAnotherThreadWakesAConsumerWaitingForAStuckLoader() throws Exception {
    Iterator<Batch> stuck = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Batch next() {
        try {
          Thread.sleep(600_000); // a loader that never delivers, until interrupted
        } catch (InterruptedException e) {
          throw new IllegalStateException("interrupted", e);
        }
        return batch(0);
      }
    };
    DevicePrefetcher p = new DevicePrefetcher(stuck, CPU, 2, 2);
    java.util.concurrent.CompletableFuture<Boolean> waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(p::hasNext);
    Thread.sleep(200);
    p.close();
    assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
  }
}
