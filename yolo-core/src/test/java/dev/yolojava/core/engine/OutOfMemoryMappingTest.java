package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutOfMemoryMappingTest {
  // the shape of the message libtorch's CUDA caching allocator puts in the JavaCPP RuntimeException
  private static final String CUDA_OOM = "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.19 GiB total"
      + " capacity; 77.01 GiB already allocated)\nException raised from malloc at c10/cuda/CUDACachingAllocator.cpp";

  @Test
  void cudaOutOfMemoryBecomesAnExceptionSuggestingASmallerBatch() {
    RuntimeException torchError = new RuntimeException(CUDA_OOM);
    assertThatThrownBy(() -> YoloOutOfMemoryException.guard("train", 64, 1280, () -> {
      throw torchError;
    }))
        .isInstanceOf(YoloOutOfMemoryException.class)
        .hasCause(torchError)
        .hasMessage("train ran out of memory with batch=64, imgsz=1280: try a smaller batch (e.g. batch=32),"
            + " batch=-1 to pick one that fits, or a smaller imgsz (CUDA out of memory. Tried to allocate 2.00 GiB"
            + " (GPU 0; 79.19 GiB total capacity; 77.01 GiB already allocated))")
        .satisfies(e -> {
          YoloOutOfMemoryException oom = (YoloOutOfMemoryException) e;
          assertThat(oom.batch()).isEqualTo(64);
          assertThat(oom.imgsz()).isEqualTo(1280);
        });
  }

  @Test
  void wrappedAndJvmOutOfMemoryAreRecognised() {
    RuntimeException wrapped = new IllegalStateException("val step failed",
        new RuntimeException("torch.OutOfMemoryError: something"));
    assertThatThrownBy(() -> YoloOutOfMemoryException.guard("val", 1, 640, () -> {
      throw wrapped;
    })).isInstanceOf(YoloOutOfMemoryException.class)
        .hasMessageStartingWith("val ran out of memory with batch=1, imgsz=640: try a smaller batch (e.g. batch=1)");
    assertThatThrownBy(() -> YoloOutOfMemoryException.guard("predict", 8, 320, () -> {
      throw new OutOfMemoryError("Java heap space");
    })).isInstanceOf(YoloOutOfMemoryException.class)
        .hasMessageStartingWith("predict ran out of memory with batch=8, imgsz=320: try a smaller batch (e.g. batch=4)");
  }

  @Test
  void otherFailuresPassUnchanged() {
    IllegalArgumentException other = new IllegalArgumentException("imgsz is -1, expected > 0");
    assertThatThrownBy(() -> YoloOutOfMemoryException.guard("train", 16, 640, () -> {
      throw other;
    })).isSameAs(other);
    assertThat(YoloOutOfMemoryException.guard("train", 16, 640, () -> 42)).isEqualTo(42);
  }
}
