package dev.yolojava.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Context;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * NNPACK is switched off (so hosts where it cannot initialise print no warning per convolution), and that costs
 * nothing: convolutions of the shapes NNPACK could take (fp32, batch >= 16) give the same bits with it on and off.
 */
class TorchDefaultsTest {
  @Test
  void nnpackIsOffAndConvolutionsGiveTheSameBitsEitherWay() {
    TorchDefaults.configure();
    Context context = torch.globalContext();
    assertThat(context.userEnabledNNPACK()).isFalse();
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(3);
      long[][] shapes = {{16, 16, 40, 40, 3}, {16, 16, 20, 20, 1}, {32, 8, 20, 20, 3}, {1, 16, 10, 10, 3}};
      for (long[] s : shapes) {
        Tensor x = torch.randn(s[0], s[1], s[2], s[3]);
        Tensor w = torch.randn(8, s[1], s[4], s[4]);
        Tensor off = torch.conv2d(x, w);
        context.setUserEnabledNNPACK(true);
        try {
          assertThat(torch.equal(torch.conv2d(x, w), off)).as("conv %s", java.util.Arrays.toString(s)).isTrue();
        } finally {
          context.setUserEnabledNNPACK(false);
        }
      }
    }
  }
}
