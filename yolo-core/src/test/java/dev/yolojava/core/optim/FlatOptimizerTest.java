package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The flat optimizer against libtorch's own, step by step, bit for bit; skipped steps and resumed state. */
class FlatOptimizerTest {

  /** A decayed 2-d weight, a channels-last conv kernel, a frozen one, a norm weight and a bias: three groups. */
  private static final class Model {
    final Tensor w = Toy.param(floats(6, 1), 2, 3);
    final Tensor k = Toy.param(floats(24, 2), 2, 3, 2, 2).detach().contiguous(torch.MemoryFormat.ChannelsLast)
        .requires_grad_(true);
    final Tensor frozen = Toy.param(floats(4, 3), 4).detach();
    final Tensor norm = Toy.param(floats(3, 4), 3);
    final Tensor bias = Toy.param(floats(5, 5), 5);

    List<ParamGroup> groups(OptimizerType type) {
      boolean nesterov = type == OptimizerType.SGD;
      return List.of(
          new ParamGroup(ParamRole.WEIGHT, List.of(named("w", w), named("k", k), named("frozen", frozen)), 0.01, 0.9,
              0.05, nesterov, false),
          new ParamGroup(ParamRole.NORM, List.of(named("norm", norm)), 0.01, 0.9, 0.0, nesterov, false),
          new ParamGroup(ParamRole.BIAS, List.of(named("bias", bias)), 0.02, 0.9, 0.0, nesterov, false));
    }

    List<Tensor> all() {
      return List.of(w, k, frozen, norm, bias);
    }

    /** Writes the step's gradients into the parameters' existing gradients (flat) or sets new ones (libtorch). */
    void grads(int step, boolean inPlace) {
      Random r = new Random(100 + step);
      for (Tensor p : List.of(w, k, norm, bias)) {
        float[] g = new float[(int) p.numel()];
        for (int i = 0; i < g.length; i++) {
          g[i] = (float) r.nextGaussian();
        }
        Tensor t = dev.yolojava.core.ops.Tensors.fromFloats(g, dev.yolojava.core.ops.Tensors.shape(p));
        if (inPlace) {
          p.grad().copy_(t);
        } else {
          p.mutable_grad().put(t);
        }
      }
    }
  }

  private static NamedParam named(String key, Tensor t) {
    return new NamedParam(key, t, ParamRole.WEIGHT);
  }

  private static float[] floats(int n, int seed) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }

  private static void assertSameValues(Model a, Model b) {
    for (int i = 0; i < a.all().size(); i++) {
      assertThat(Toy.floats(b.all().get(i))).as("parameter %s", i).containsExactly(Toy.floats(a.all().get(i)));
    }
  }

  private static void setLr(TrainOptimizer o, int step) {
    o.groups().forEach(g -> g.setLr(g.initialLr() * (1.0 - 0.1 * step)));
  }

  @ParameterizedTest
  @EnumSource(names = {"SGD", "ADAM", "ADAMW"})
  void stepsMatchLibtorchBitForBit(OptimizerType type) {
    try (PointerScope scope = new PointerScope()) {
      Model ref = new Model();
      Model flat = new Model();
      try (TrainOptimizer a = Optimizers.create(type, ref.groups(type));
          FlatOptimizer b = new FlatOptimizer(type, flat.groups(type))) {
        assertThat(b.intact()).isTrue();
        assertThat(flat.k.is_contiguous(torch.MemoryFormat.ChannelsLast)).isTrue();
        for (int step = 0; step < 4; step++) {
          setLr(a, step);
          setLr(b, step);
          ref.grads(step, false);
          flat.grads(step, true);
          a.step();
          b.step();
          assertSameValues(ref, flat);
        }
        assertThat(b.intact()).isTrue();
        assertThat(flat.frozen.grad().defined()).isFalse();
        try (OptimizerState sa = a.exportState();
            OptimizerState sb = b.exportState()) {
          assertSameState(sa, sb);
        }
      }
      assertThat(Toy.floats(flat.w)).containsExactly(Toy.floats(ref.w)); // values stay after close
    }
  }

  @org.junit.jupiter.api.Test
  void sgdWithoutNesterovOrMomentumAndAFrozenGroupMatchLibtorch() {
    try (PointerScope scope = new PointerScope()) {
      Model ref = new Model();
      Model flat = new Model();
      try (TrainOptimizer a = Optimizers.create(OptimizerType.SGD, variants(ref));
          FlatOptimizer b = new FlatOptimizer(OptimizerType.SGD, variants(flat))) {
        for (int step = 0; step < 3; step++) {
          ref.grads(step, false);
          flat.grads(step, true);
          a.step();
          b.step();
          assertSameValues(ref, flat);
        }
        try (OptimizerState sa = a.exportState();
            OptimizerState sb = b.exportState()) {
          assertThat(sb.params()).containsOnlyKeys("w", "k"); // no state for plain SGD, none for frozen ones
          assertSameState(sa, sb);
        }
      }
    }
  }

  /** Heavy-ball momentum without Nesterov, a group of frozen parameters only, a group without momentum. */
  private static List<ParamGroup> variants(Model m) {
    return List.of(
        new ParamGroup(ParamRole.WEIGHT, List.of(named("w", m.w), named("k", m.k)), 0.01, 0.9, 0.05, false, false),
        new ParamGroup(ParamRole.NORM, List.of(named("frozen", m.frozen)), 0.01, 0.9, 0.0, false, false),
        new ParamGroup(ParamRole.BIAS, List.of(named("norm", m.norm), named("bias", m.bias)), 0.02, 0.0, 0.0, false,
            false));
  }

  @ParameterizedTest
  @EnumSource(names = {"SGD", "ADAM", "ADAMW"})
  void aSkippedStepChangesNothingAndIsNotCounted(OptimizerType type) {
    try (PointerScope scope = new PointerScope()) {
      Model ref = new Model();
      Model flat = new Model();
      try (TrainOptimizer a = Optimizers.create(type, ref.groups(type));
          FlatOptimizer b = new FlatOptimizer(type, flat.groups(type))) {
        b.stepUnless(closing(flag(true))); // skipped before any step: no state either
        try (OptimizerState none = b.exportState()) {
          assertThat(none.params()).isEmpty();
        }
        assertSameValues(ref, flat);
        int[] skipped = {0, 1, 1, 0, 0};
        int applied = 0;
        for (int step = 0; step < skipped.length; step++) {
          flat.grads(step, true);
          b.stepUnless(closing(flag(skipped[step] == 1)));
          if (skipped[step] == 0) {
            ref.grads(step, false);
            a.step();
            applied++;
          }
          assertSameValues(ref, flat);
        }
        try (OptimizerState sa = a.exportState();
            OptimizerState sb = b.exportState()) {
          assertSameState(sa, sb);
          if (type != OptimizerType.SGD) {
            assertThat(sb.params().get("w").get("step").item_double()).isEqualTo(applied);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"SGD", "ADAM", "ADAMW"})
  void stateMovesBetweenFlatAndLibtorch(OptimizerType type) {
    try (PointerScope scope = new PointerScope()) {
      Model ref = new Model();
      Model flat = new Model();
      try (TrainOptimizer a = Optimizers.create(type, ref.groups(type))) {
        for (int step = 0; step < 2; step++) {
          ref.grads(step, false);
          a.step();
        }
        flat.w.detach().copy_(ref.w.detach());
        flat.k.detach().copy_(ref.k.detach());
        flat.norm.detach().copy_(ref.norm.detach());
        flat.bias.detach().copy_(ref.bias.detach());
        try (FlatOptimizer b = new FlatOptimizer(type, flat.groups(type));
            OptimizerState sa = a.exportState()) {
          b.importState(sa); // resumed from a libtorch checkpoint
          ref.grads(2, false);
          flat.grads(2, true);
          a.step();
          b.step();
          assertSameValues(ref, flat);
          try (OptimizerState sb = b.exportState()) {
            ref.grads(3, false);
            a.step();
            Model other = new Model();
            List<Tensor> src = flat.all();
            for (int i = 0; i < src.size(); i++) {
              other.all().get(i).detach().copy_(src.get(i).detach());
            }
            try (TrainOptimizer c = Optimizers.create(type, other.groups(type))) {
              c.importState(sb); // and back
              other.grads(3, false);
              c.step();
            }
            assertSameValues(ref, other);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"SGD", "ADAMW"})
  void theScalerSkipsAnInfiniteStepOnTheDeviceAndCountsIt(OptimizerType type) {
    try (PointerScope scope = new PointerScope()) {
      Model flat = new Model();
      try (FlatOptimizer b = new FlatOptimizer(type, flat.groups(type));
          GradScaler scaler = new GradScaler(true, 1024, 2, 0.5, 2000)) {
        scaler.useFlatGrads(b.grads());
        float[] before = Toy.floats(flat.w);
        flat.grads(0, true);
        flat.bias.grad().select(0, 2).fill_(new org.bytedeco.pytorch.Scalar(Double.NaN));
        scaler.step(b);
        scaler.update();
        assertThat(Toy.floats(flat.w)).containsExactly(before);
        assertThat(scaler.skippedSteps()).isEqualTo(1);
        assertThat(scaler.getScale()).isEqualTo(512.0);
        b.zeroGrad();
        flat.grads(1, true);
        flat.w.grad().mul_(new org.bytedeco.pytorch.Scalar(512.0));
        scaler.step(b);
        scaler.update();
        assertThat(Toy.floats(flat.w)).isNotEqualTo(before);
        assertThat(scaler.skippedSteps()).isEqualTo(1);
        assertThat(scaler.growthTracker()).isEqualTo(1);
      }
    }
  }

  private final List<PendingFlag> flags = new ArrayList<>();

  private PendingFlag closing(PendingFlag f) {
    flags.add(f);
    return f;
  }

  @org.junit.jupiter.api.AfterEach
  void closeFlags() {
    flags.forEach(PendingFlag::close);
  }

  private static PendingFlag flag(boolean value) {
    Tensor t = torch.scalar_tensor(new org.bytedeco.pytorch.Scalar(value ? 1.0 : 0.0)).to(torch.ScalarType.Bool);
    return new PendingFlag(t);
  }

  private static void assertSameState(OptimizerState a, OptimizerState b) {
    assertThat(b.params().keySet()).containsExactlyInAnyOrderElementsOf(a.params().keySet());
    for (Map.Entry<String, Map<String, Tensor>> e : a.params().entrySet()) {
      Map<String, Tensor> other = b.params().get(e.getKey());
      assertThat(other.keySet()).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue().keySet());
      List<String> names = new ArrayList<>(e.getValue().keySet());
      for (String n : names) {
        assertThat(Toy.floats(other.get(n))).as("%s %s", e.getKey(), n)
            .containsExactly(Toy.floats(e.getValue().get(n)));
      }
    }
  }
}
