package dev.yolojava.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** oneDNN is switched off on AVX-512 CPUs only (where it computes wrong gradients), unless a flag keeps it. */
class OneDnnGuardTest {
  @Test
  void offOnlyOnAvx512CpusUnlessKept() {
    assertThat(TorchDefaults.oneDnnUnsafe(false, true)).isTrue();
    assertThat(TorchDefaults.oneDnnUnsafe(true, true)).isFalse(); // -Dyolo.onednn=true
    assertThat(TorchDefaults.oneDnnUnsafe(false, false)).isFalse(); // no AVX-512: parity tests pass with oneDNN
  }

  @Test
  void thisProcessFollowsTheRule() {
    TorchDefaults.configure();
    boolean expectOff = TorchDefaults.oneDnnUnsafe(Boolean.getBoolean("yolo.onednn"), TorchDefaults.cpuHasAvx512());
    assertThat(org.bytedeco.pytorch.global.torch.globalContext().userEnabledMkldnn()).isEqualTo(!expectOff);
  }
}
