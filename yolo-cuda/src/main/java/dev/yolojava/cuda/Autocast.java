package dev.yolojava.cuda;

import org.bytedeco.pytorch.global.torch;

/**
 * Mixed-precision autocast for the current thread, as {@code torch.autocast("cuda", dtype)}: inside the block,
 * convolutions and matmuls run in fp16 or bf16 while reductions and losses stay fp32. A no-op on the CPU (Ultralytics
 * trains fp32 there).
 *
 * <p>The preset exposes no way to clear autocast's weight-cast cache on exit, so the cache is switched off: a cached
 * fp16 copy of a weight would otherwise outlive the optimizer step that changed the weight.
 */
public final class Autocast implements AutoCloseable {
  private final boolean active;
  private final boolean previous;
  private final torch.ScalarType previousType;

  private Autocast(boolean active) {
    this.active = active;
    this.previous = active && torch.is_autocast_enabled(torch.DeviceType.CUDA);
    this.previousType = active ? torch.get_autocast_dtype(torch.DeviceType.CUDA) : null;
  }

  /** Enters autocast on CUDA with {@code dtype} (Half or BFloat16); does nothing for the CPU or when disabled. */
  public static Autocast enter(Device device, boolean enabled, torch.ScalarType dtype) {
    Autocast a = new Autocast(enabled && device.isCuda());
    if (a.active) {
      torch.set_autocast_cache_enabled(false);
      torch.set_autocast_dtype(torch.DeviceType.CUDA, dtype);
      torch.set_autocast_enabled(torch.DeviceType.CUDA, true);
    }
    return a;
  }

  public boolean isActive() {
    return active;
  }

  @Override
  public void close() {
    if (active) {
      torch.set_autocast_enabled(torch.DeviceType.CUDA, previous);
      torch.set_autocast_dtype(torch.DeviceType.CUDA, previousType);
    }
  }
}
