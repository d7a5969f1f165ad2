package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class GradScalerTest {

  private static TrainOptimizer sgd(Tensor p) {
    return Optimizers.create(OptimizerType.SGD, List.of(Toy.group(ParamRole.WEIGHT, "p", p, 0.1, 0.9, 0)));
  }

  @Test
  void scalesLossAndUnscalesGradientsExactly() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f, 3f);
      try (TrainOptimizer opt = sgd(p);
          GradScaler scaler = new GradScaler(true)) {
        assertThat(Toy.floats(scaler.scale(Toy.param(3f).detach()))).containsExactly(196608f);
        Toy.setGrad(p, 65536f, 1f, -3 * 65536f);
        scaler.unscale(opt);
        assertThat(Toy.floats(p.grad())).containsExactly(1f, 1f / 65536, -3f);
        assertThatThrownBy(() -> scaler.unscale(opt))
            .hasMessage("unscale() has already been called on this optimizer since the last update()");
        scaler.step(opt); // uses the unscaled gradients: buf = g, p -= 0.1 * 1.9 g
        assertThat(Toy.floats(p)).containsExactly(new float[] {0.81f, 2f - 0.19f / 65536, 3.57f}, within(1e-6f));
        scaler.update();
        assertThat(scaler.skippedSteps()).isZero();
        assertThat(scaler.getScale()).isEqualTo(65536.0);
        assertThat(scaler.growthTracker()).isEqualTo(1);
      }
    }
  }

  @Test
  void infAndNanSkipTheStepAndHalveTheScale() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f, 2f);
      try (TrainOptimizer opt = sgd(p);
          GradScaler scaler = new GradScaler(true)) {
        Toy.setGrad(p, 1f, Float.POSITIVE_INFINITY);
        scaler.step(opt);
        scaler.update();
        assertThat(scaler.skippedSteps()).isEqualTo(1);
        assertThat(Toy.floats(p)).containsExactly(1f, 2f);
        assertThat(scaler.getScale()).isEqualTo(32768.0);
        Toy.setGrad(p, Float.NaN, 1f);
        scaler.unscale(opt);
        scaler.step(opt);
        scaler.update();
        assertThat(scaler.skippedSteps()).isEqualTo(2);
        assertThat(Toy.floats(p)).containsExactly(1f, 2f);
        assertThat(scaler.getScale()).isEqualTo(16384.0);
        assertThat(scaler.growthTracker()).isZero();
        assertThatThrownBy(scaler::update).hasMessage("No inf checks were recorded prior to update()");
      }
    }
  }

  @Test
  void twoThousandCleanStepsDoubleTheScale() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(0f);
      try (TrainOptimizer opt = sgd(p);
          GradScaler scaler = new GradScaler(true)) {
        Tensor g = Toy.param(1f).detach();
        for (int i = 0; i < 1999; i++) {
          try (PointerScope s = new PointerScope()) {
            p.mutable_grad().put(g.clone());
            scaler.step(opt);
            scaler.update();
          }
        }
        assertThat(scaler.getScale()).isEqualTo(65536.0);
        assertThat(scaler.growthTracker()).isEqualTo(1999);
        p.mutable_grad().put(g.clone());
        scaler.step(opt);
        scaler.update();
        assertThat(scaler.skippedSteps()).isZero();
        assertThat(scaler.getScale()).isEqualTo(131072.0);
        assertThat(scaler.growthTracker()).isZero();
        Map<String, Object> st = scaler.stateDict();
        assertThat(st)
            .containsEntry("scale", 131072.0)
            .containsEntry("_growth_tracker", 0)
            .containsEntry("growth_interval", 2000);
        try (GradScaler resumed = new GradScaler(true)) {
          resumed.loadStateDict(Map.of("scale", 1024.0, "_growth_tracker", 17));
          assertThat(resumed.getScale()).isEqualTo(1024.0);
          assertThat(resumed.growthTracker()).isEqualTo(17);
        }
      }
    }
  }

  @Test
  void disabledScalerPassesThrough() {
    try (PointerScope scope = new PointerScope()) {
      Tensor p = Toy.param(1f);
      try (TrainOptimizer opt = sgd(p);
          GradScaler scaler = new GradScaler(false)) {
        Tensor loss = Toy.param(3f).detach();
        assertThat(scaler.scale(loss)).isSameAs(loss);
        Toy.setGrad(p, 2f);
        scaler.unscale(opt);
        assertThat(Toy.floats(p.grad())).containsExactly(2f);
        scaler.step(opt);
        assertThat(scaler.skippedSteps()).isZero();
        assertThat(Toy.floats(p)).containsExactly(new float[] {1f - 0.38f}, within(1e-6f));
        assertThat(scaler.getScale()).isEqualTo(1.0);
        assertThat(scaler.stateDict()).isEmpty();
      }
    }
  }

  @Test
  void clipGradNormScalesToMaxNorm() {
    try (PointerScope scope = new PointerScope()) {
      Tensor a = Toy.param(0f, 0f);
      Tensor b = Toy.param(0f);
      Tensor c = Toy.param(0f); // no gradient: ignored
      Toy.setGrad(a, 3f, 4f);
      Toy.setGrad(b, 12f);
      Tensor total = GradClip.clipGradNorm(List.of(a, b, c), 10.0);
      assertThat(total.item_float()).isEqualTo(13f); // sqrt(9 + 16 + 144)
      float coef = 0.7692307100591762f; // 10 / (13 + 1e-6)
      assertThat(Toy.floats(a.grad())).containsExactly(new float[] {3 * coef, 4 * coef}, within(1e-6f));
      assertThat(Toy.floats(b.grad())).containsExactly(new float[] {12 * coef}, within(1e-6f));
      GradClip.clipGradNorm(List.of(a, b), 20.0); // norm ~10 < 20: unchanged (coefficient clamped to 1)
      assertThat(Toy.floats(b.grad())).containsExactly(new float[] {12 * coef}, within(1e-6f));
      assertThat(GradClip.clipGradNorm(List.of(c), 10.0).item_float()).isZero();
    }
  }
}
