package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.nn.StateDicts;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BatchNorm1dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class ModelEmaTest {

  /** A module with a BatchNorm1d(3): weight, bias, running_mean, running_var, num_batches_tracked. */
  private static Module toy() {
    Module root = new Module("Toy");
    root.register_module("bn", new BatchNorm1dImpl(new BatchNormOptions(3)));
    return root;
  }

  private static void set(Module m, String key, float... v) {
    try (NoGradGuard g = new NoGradGuard()) {
      Tensor t = StateDicts.of(m).get(key);
      t.copy_(Toy.param(v).detach().to(t.scalar_type()).reshape(t.sizes()));
    }
  }

  @Test
  void constantModelConvergesByTheProductOfRampedDecays() {
    try (PointerScope scope = new PointerScope()) {
      Module model = toy();
      set(model, "bn.weight", 1f, 2f, 3f);
      try (ModelEma ema = new ModelEma(model, 0.9, 3, 0)) {
        set(model, "bn.weight", 4f, 4f, 4f);
        set(model, "bn.running_mean", 1f, 1f, 1f);
        set(model, "bn.num_batches_tracked", 7f);
        for (int i = 0; i < 5; i++) {
          ema.update(model);
        }
        // v_N = m + (v_0 - m) * prod_n d_n, d_n = 0.9 (1 - exp(-n / 3)); prod = 0.030752279688627364
        Map<String, Tensor> sd = ema.stateDict();
        assertThat(sd).containsOnlyKeys(
            "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked");
        assertThat(Toy.floats(sd.get("bn.weight")))
            .containsExactly(new float[] {3.907743161f, 3.938495441f, 3.969247720f}, within(1e-6f));
        assertThat(Toy.floats(sd.get("bn.running_mean")))
            .containsExactly(new float[] {0.969247720f, 0.969247720f, 0.969247720f}, within(1e-6f));
        assertThat(Toy.floats(sd.get("bn.running_var"))).containsExactly(1f, 1f, 1f);
        // integer buffers are not averaged: they keep the value copied at construction
        assertThat(sd.get("bn.num_batches_tracked").item_long()).isZero();
        assertThat(ema.updates()).isEqualTo(5);

        Module target = toy();
        ema.copyTo(target);
        assertThat(Toy.floats(StateDicts.of(target).get("bn.weight")))
            .containsExactly(new float[] {3.907743161f, 3.938495441f, 3.969247720f}, within(1e-6f));
        // the EMA owns copies: changing the model afterwards does not touch them
        set(model, "bn.weight", 0f, 0f, 0f);
        assertThat(Toy.floats(sd.get("bn.weight"))[0]).isCloseTo(3.907743161f, within(1e-6f));
      }
    }
  }

  @Test
  void ultralyticsRamp() {
    try (PointerScope scope = new PointerScope();
        ModelEma ema = new ModelEma(toy())) {
      assertThat(ema.decayAt(1)).isCloseTo(0.000499825033328626, within(1e-15));
      assertThat(ema.decayAt(2000)).isCloseTo(0.6320573467726748, within(1e-15));
      assertThat(ema.decayAt(1_000_000)).isCloseTo(0.9999, within(1e-12));
    }
  }

  @Test
  void resumeLoadsStateAndCount() {
    try (PointerScope scope = new PointerScope()) {
      Module model = toy();
      try (ModelEma ema = new ModelEma(model)) {
        Map<String, Tensor> saved = StateDicts.of(toy());
        saved.get("bn.weight").detach().mul_(new Scalar(0.0)).add_(new Scalar(0.5));
        ema.load(saved, 1234);
        assertThat(ema.updates()).isEqualTo(1234);
        assertThat(Toy.floats(ema.stateDict().get("bn.weight"))).containsExactly(0.5f, 0.5f, 0.5f);
        saved.remove("bn.bias");
        assertThatThrownBy(() -> ema.load(saved, 1)).hasMessage("EMA state lacks 'bn.bias'");
      }
    }
  }
}
