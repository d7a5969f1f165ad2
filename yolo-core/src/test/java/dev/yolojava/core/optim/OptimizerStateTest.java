package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Export after one step, import into a fresh optimizer, and the second step must agree with an uninterrupted run. */
class OptimizerStateTest {

  private static List<ParamGroup> groups(Tensor w, Tensor b) {
    return List.of(
        Toy.group(ParamRole.WEIGHT, "model.0.conv.weight", w, 0.01, 0.9, 0.001),
        Toy.group(ParamRole.BIAS, "model.0.bn.bias", b, 0.02, 0.9, 0.0));
  }

  private static void grads(Tensor w, Tensor b, float k) {
    Toy.setGrad(w, k, -2 * k, 0.5f);
    Toy.setGrad(b, -k, 0.25f);
  }

  private void resumeMatches(OptimizerType type, String... stateNames) {
    try (PointerScope scope = new PointerScope()) {
      Tensor w = Toy.param(1f, 2f, -1f);
      Tensor b = Toy.param(0.5f, -0.5f);
      float[] wMid;
      float[] bMid;
      float[] wEnd;
      float[] bEnd;
      OptimizerState saved;
      try (TrainOptimizer a = Optimizers.create(type, groups(w, b))) {
        grads(w, b, 1f);
        a.step();
        a.groups().get(0).setLr(0.005);
        saved = a.exportState();
        wMid = Toy.floats(w);
        bMid = Toy.floats(b);
        grads(w, b, 3f);
        a.step();
        wEnd = Toy.floats(w);
        bEnd = Toy.floats(b);
      }
      assertThat(saved.params()).containsOnlyKeys("model.0.conv.weight", "model.0.bn.bias");
      assertThat(saved.params().get("model.0.conv.weight")).containsOnlyKeys(stateNames);
      if (saved.params().get("model.0.bn.bias").containsKey("step")) {
        assertThat(saved.params().get("model.0.bn.bias").get("step").item_double()).isEqualTo(1.0);
      }
      assertThat(saved.groups().get(0).lr()).isEqualTo(0.005);

      Tensor w2 = Toy.param(wMid);
      Tensor b2 = Toy.param(bMid);
      try (TrainOptimizer c = Optimizers.create(type, groups(w2, b2))) {
        c.importState(saved);
        assertThat(c.groups().get(0).lr()).isEqualTo(0.005);
        grads(w2, b2, 3f);
        c.step();
      }
      assertThat(Toy.floats(w2)).containsExactly(wEnd, within(1e-7f));
      assertThat(Toy.floats(b2)).containsExactly(bEnd, within(1e-7f));
      // without the state the second step differs
      Tensor w3 = Toy.param(wMid);
      Tensor b3 = Toy.param(bMid);
      try (TrainOptimizer d = Optimizers.create(type, groups(w3, b3))) {
        d.groups().get(0).setLr(0.005);
        grads(w3, b3, 3f);
        d.step();
      }
      assertThat(Toy.floats(w3)).isNotEqualTo(wEnd);
      saved.close();
    }
  }

  @Test
  void sgdResumes() {
    resumeMatches(OptimizerType.SGD, "momentum_buffer");
  }

  @Test
  void adamWResumes() {
    resumeMatches(OptimizerType.ADAMW, "step", "exp_avg", "exp_avg_sq");
  }

  @Test
  void rmspropResumes() {
    resumeMatches(OptimizerType.RMSPROP, "step", "square_avg", "momentum_buffer");
  }

  @Test
  void nadamResumes() {
    resumeMatches(OptimizerType.NADAM, "step", "mu_product", "exp_avg", "exp_avg_sq");
  }

  @Test
  void radamResumes() {
    resumeMatches(OptimizerType.RADAM, "step", "exp_avg", "exp_avg_sq");
  }

  @Test
  void mismatchedStatesAreRejected() {
    try (PointerScope scope = new PointerScope()) {
      Tensor w = Toy.param(1f, 2f, -1f);
      Tensor b = Toy.param(0.5f, -0.5f);
      try (TrainOptimizer sgd = Optimizers.create(OptimizerType.SGD, groups(w, b));
          TrainOptimizer adam = Optimizers.create(OptimizerType.ADAM, groups(w, b));
          OptimizerState st = sgd.exportState()) {
        assertThatThrownBy(() -> adam.importState(st))
            .hasMessage("optimizer state is for SGD, this optimizer is Adam");
        OptimizerState other =
            new OptimizerState(
                OptimizerType.ADAM,
                List.of(
                    new OptimizerState.GroupState(ParamRole.WEIGHT, 0.1, 0.9),
                    new OptimizerState.GroupState(ParamRole.BIAS, 0.1, 0.9)),
                java.util.Map.of("model.9.conv.weight", java.util.Map.of()));
        assertThatThrownBy(() -> adam.importState(other))
            .hasMessage("optimizer state has parameter 'model.9.conv.weight', which this optimizer lacks");
      }
    }
  }
}
