package dev.yolojava.cuda;

import org.bytedeco.pytorch.global.torch;

/** CUDA availability as libtorch sees it; safe to call on CPU-only builds (answers false). */
public final class Cuda {
  private Cuda() {}

  public static boolean isAvailable() {
    try {
      return torch.cuda_is_available();
    } catch (Throwable t) {
      return false;
    }
  }

  public static int deviceCount() {
    try {
      return (int) torch.cuda_device_count();
    } catch (Throwable t) {
      return 0;
    }
  }

  /**
   * Turns TF32 tensor-core math for fp32 convolutions and matmuls on or off. PyTorch's default TF32 convolutions move
   * boxes by up to 0.4 px, so parity checks turn it off.
   */
  public static void setTf32(boolean on) {
    torch.globalContext().setAllowTF32CuDNN(on);
    torch.globalContext().setAllowTF32CuBLAS(on);
  }

  /** cuDNN autotuning for fixed input shapes. */
  public static void setCudnnBenchmark(boolean on) {
    torch.globalContext().setBenchmarkCuDNN(on);
  }

  /**
   * Waits for the queued work of {@code device} only (no-op for the CPU). Unlike {@link #synchronize()}, which
   * synchronizes the current device (GPU 0 unless set), this never creates a CUDA context on another GPU.
   */
  public static void synchronize(Device device) {
    if (device.isCuda()) {
      torch.cuda_synchronize(device.index());
    }
  }

  /**
   * Makes {@code device} the calling thread's current CUDA device until closed (a no-op for the CPU), so that work
   * without an explicit device index (pinned host memory, streams, handles, NCCL communicators) lands on it rather
   * than on GPU 0.
   */
  public static DeviceGuard deviceGuard(Device device) {
    if (device.isCpu()) {
      return () -> { };
    }
    org.bytedeco.pytorch.cuda.CUDAGuard guard = new org.bytedeco.pytorch.cuda.CUDAGuard((byte) device.index());
    return guard::close;
  }

  /** A scope during which one GPU is the thread's current device; closing restores the previous one. */
  @FunctionalInterface
  public interface DeviceGuard extends AutoCloseable {
    @Override
    void close();
  }

  /** Waits for all queued work on the current CUDA device (no-op without CUDA). */
  public static void synchronize() {
    if (isAvailable()) {
      torch.cuda_synchronize();
    }
  }

  /**
   * Memory in use on {@code device}'s GPU (all processes, as nvidia-smi shows it), or -1 when it cannot be read (no
   * CUDA natives). For progress displays.
   */
  public static long memoryUsedBytes(Device device) {
    if (!device.isCuda()) {
      return -1;
    }
    try (DeviceGuard guard = deviceGuard(device);
        org.bytedeco.javacpp.SizeTPointer free = new org.bytedeco.javacpp.SizeTPointer(1);
        org.bytedeco.javacpp.SizeTPointer total = new org.bytedeco.javacpp.SizeTPointer(1)) {
      int err = org.bytedeco.cuda.global.cudart.cudaMemGetInfo(free, total);
      return err == 0 ? total.get() - free.get() : -1;
    } catch (Exception | LinkageError e) {
      return -1;
    }
  }

  /** The caching allocator's memory on {@code device}: reserved from the driver and allocated to tensors (bytes). */
  public record AllocatorMemory(long reserved, long allocated) {}

  /**
   * libtorch's caching-allocator statistics for {@code device} ({@code torch.cuda.memory_reserved} and
   * {@code memory_allocated}).
   */
  public static AllocatorMemory allocatorMemory(Device device) {
    checkCuda(device);
    var stats = org.bytedeco.pytorch.global.torch_cuda.getAllocator().getDeviceStats((byte) device.index());
    return new AllocatorMemory(stats.reserved_bytes().current(), stats.allocated_bytes().current());
  }

  /** Gives the caching allocator's unused blocks back to the driver ({@code torch.cuda.empty_cache()}). */
  public static void emptyCache() {
    if (isAvailable()) {
      org.bytedeco.pytorch.global.torch_cuda.getAllocator().emptyCache();
    }
  }

  /** {@code device}'s GPU: its name and total memory in bytes. */
  public record Properties(String name, long totalMemory) {}

  public static Properties properties(Device device) {
    checkCuda(device);
    var p = org.bytedeco.pytorch.global.torch_cuda.getDeviceProperties((byte) device.index());
    return new Properties(p.name().getString(), p.totalGlobalMem());
  }

  private static void checkCuda(Device device) {
    if (!device.isCuda() || !isAvailable()) {
      throw new IllegalArgumentException("device " + device + " is not an available CUDA device");
    }
  }
}
