package dev.yolojava.core.optim;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.cuda.CUDAEvent;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * A 0-d boolean computed on the device whose host value is fetched without draining the stream: a non-blocking copy
 * into pinned memory with an event recorded after it, so {@link #get} waits for that copy only, not for the work
 * launched since. Reading a CUDA tensor with {@code item()} instead waits for everything queued before the read.
 */
final class PendingFlag implements AutoCloseable {
  private Tensor device; // owned until close
  private Tensor host; // pinned copy (CUDA only), owned until read
  private CUDAEvent copied;
  private Boolean value;

  /** Takes a reference to {@code flag} and, on CUDA, starts its copy to the host. */
  PendingFlag(Tensor flag) {
    flag.retainReference();
    this.device = flag;
    if (!flag.is_cuda()) {
      value = flag.item_bool();
      return;
    }
    try (PointerScope s = new PointerScope()) {
      Tensor h = torch.empty(new long[0], new TensorOptions(torch.ScalarType.Bool).pinned_memory(new BoolOptional(true)),
          new org.bytedeco.pytorch.MemoryFormatOptional());
      h.copy_(flag, true);
      h.retainReference();
      host = h;
      CUDAEvent e = new CUDAEvent();
      e.retainReference();
      e.record(torch_cuda.getCurrentCUDAStream(flag.device().index()));
      copied = e;
    }
  }

  /** The flag on its device, for device-side decisions. */
  Tensor device() {
    return device;
  }

  /** The flag's value; the first call waits until the device has copied it. */
  boolean get() {
    if (value == null) {
      copied.synchronize();
      value = host.item_bool();
      releaseCopy();
    }
    return value;
  }

  private void releaseCopy() {
    if (host != null) {
      host.releaseReference();
      host = null;
    }
    if (copied != null) {
      copied.releaseReference(); // CUDA destroys a recorded event once the device has passed it
      copied = null;
    }
  }

  /** Reads the flag if nobody has yet (so {@link #get} keeps answering), then frees its tensors. */
  @Override
  public void close() {
    if (copied != null) {
      get();
    }
    releaseCopy();
    if (device != null) {
      device.releaseReference();
      device = null;
    }
  }
}
