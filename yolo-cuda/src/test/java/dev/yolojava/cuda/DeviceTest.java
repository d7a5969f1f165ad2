package dev.yolojava.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class DeviceTest {
  @Test
  void parsesUltralyticsSyntax() {
    assertThat(Device.parse("cpu").isCpu()).isTrue();
    assertThat(Device.parse("0").cudaIndices()).containsExactly(0);
    assertThat(Device.parse("cuda:1").cudaIndices()).containsExactly(1);
    assertThat(Device.parse("0,1").cudaIndices()).containsExactly(0, 1);
    assertThat(Device.parse("[2, 3]").cudaIndices()).containsExactly(2, 3);
    assertThat(Device.parse("cuda:1").toString()).isEqualTo("cuda:1");
    assertThat(Device.parse("0,1").split()).containsExactly(Device.cuda(0), Device.cuda(1));
  }

  @Test
  void rejectsNonsenseNamingIt() {
    assertThatThrownBy(() -> Device.parse("gpu7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gpu7'");
    assertThatThrownBy(() -> Device.parse("0,0")).hasMessageContaining("twice");
  }

  @Test
  void cpuDeviceMapsToLibtorch() {
    Tensor t = torch.ones(2, 3);
    assertThat(t.sum().item_float()).isEqualTo(6f);
    assertThat(Device.CPU.toTorch().is_cpu()).isTrue();
  }
}
