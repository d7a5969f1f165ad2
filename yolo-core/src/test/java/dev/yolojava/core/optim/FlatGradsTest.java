package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class FlatGradsTest {
  private static final float[] W = {0.5f, -1f, 2f, 0.25f, 3f, -0.5f};
  private static final float[] K = new float[2 * 3 * 2 * 2];

  static {
    for (int i = 0; i < K.length; i++) {
      K[i] = (i % 5 - 2) * 0.3f;
    }
  }

  /** A 2x3 weight and a channels-last 2x3x2x2 kernel (strides unlike a plain contiguous buffer). */
  private static List<Tensor> params() {
    Tensor w = Toy.param(W, 2, 3);
    Tensor k = Toy.param(K, 2, 3, 2, 2).detach()
        .contiguous(torch.MemoryFormat.ChannelsLast).requires_grad_(true);
    return List.of(w, k);
  }

  private static void backward(List<Tensor> p, float scale) {
    Tensor x = Toy.param(new float[] {1f, 2f, -1f}, 3, 1).detach();
    Tensor loss = p.get(0).matmul(x).pow(new Scalar(2)).sum()
        .add(p.get(1).mul(p.get(1)).sum().mul(new Scalar(3.0)));
    loss.mul(new Scalar(scale)).backward();
  }

  @Test
  void gradientsAccumulateIntoTheBufferAndOpsOnItMatchThePerParameterPath() {
    try (PointerScope scope = new PointerScope()) {
      List<Tensor> plain = params();
      List<Tensor> flat = params();
      assertThat(flat.get(1).is_contiguous()).isFalse();
      try (FlatGrads grads = FlatGrads.attach(flat)) {
        for (int step = 0; step < 2; step++) { // two steps: zero() must keep the views
          for (int micro = 0; micro < 2; micro++) { // accumulation in place
            backward(plain, 1024f);
            backward(flat, 1024f);
          }
          assertThat(grads.intact()).isTrue();
          assertThat(flat.get(1).grad().strides().vec().get()).containsExactly(flat.get(1).strides().vec().get());
          GradScaler a = new GradScaler(true, 1024, 2, 0.5, 2000);
          GradScaler b = new GradScaler(true, 1024, 2, 0.5, 2000);
          b.useFlatGrads(grads);
          Tensor na = GradClip.clipGradNorm(unscaled(a, plain), 5.0);
          b.unscale(dummy(flat));
          Tensor nb = GradClip.clipGradNorm(grads, 5.0);
          assertThat(nb.item_double()).isCloseTo(na.item_double(), within(1e-4));
          for (int i = 0; i < 2; i++) {
            assertThat(Toy.floats(flat.get(i).grad())).containsExactly(Toy.floats(plain.get(i).grad()), within(1e-5f));
          }
          plain.forEach(p -> p.mutable_grad().zero_());
          grads.zero();
          assertThat(Toy.floats(grads.flat())).containsOnly(0f);
        }
      }
    }
  }

  @Test
  void anInfiniteGradientIsFoundInTheBuffer() {
    try (PointerScope scope = new PointerScope()) {
      List<Tensor> flat = params();
      try (FlatGrads grads = FlatGrads.attach(flat)) {
        backward(flat, 1f);
        flat.get(1).mutable_grad().select(0, 1).select(0, 2).select(0, 0).select(0, 1).fill_(new Scalar(Double.POSITIVE_INFINITY));
        GradScaler s = new GradScaler(true, 1024, 2, 0.5, 2000);
        s.useFlatGrads(grads);
        TrainOptimizer opt = dummy(flat);
        s.step(opt);
        s.update();
        assertThat(s.skippedSteps()).isEqualTo(1);
        assertThat(s.getScale()).isEqualTo(512);
      }
    }
  }

  private static List<Tensor> unscaled(GradScaler s, List<Tensor> params) {
    s.unscale(dummy(params));
    return params;
  }

  /** An SGD over the parameters with lr 0, so stepping changes nothing. */
  private static TrainOptimizer dummy(List<Tensor> params) {
    List<NamedParam> named = new java.util.ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      named.add(new NamedParam("p" + i, params.get(i), ParamRole.WEIGHT));
    }
    return Optimizers.create(OptimizerType.SGD,
        List.of(new ParamGroup(ParamRole.WEIGHT, named, 0.0, 0.9, 0, true, false)));
  }
}
