package dev.yolojava.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Under a guard for GPU 1, index-less CUDA work lands on GPU 1 (needs 2 GPUs; skipped elsewhere). */
class DeviceGuardTest {

  @Test
  void indexLessCudaTensorLandsOnGuardedGpu() {
    Assumptions.assumeTrue(Cuda.deviceCount() >= 2, "fewer than 2 CUDA devices: skipping the device-guard test");
    try (Cuda.DeviceGuard g = Cuda.deviceGuard(Device.cuda(1))) {
      Tensor t = torch.ones(new long[] {2}, new TensorOptions(new org.bytedeco.pytorch.Device("cuda")));
      assertThat((int) t.device().index()).isEqualTo(1);
    }
  }
}
