package dev.yolojava.core.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.ops.Tensors;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * One data-parallel SGD step on 2 Gloo ranks (4 images each) must give the weights of one single-process step on all
 * 8 images. The net is conv → SiLU → global mean pool → linear, without BatchNorm: BN batch statistics are per rank
 * without SyncBatchNorm, so they are the one thing that legitimately differs and are left out of the comparison.
 */
class DdpStepTest {
  private static final double LR = 0.1;

  @Test
  void twoRankStepEqualsSingleStepOnGlobalBatch() throws Exception {
    float[] images = random(8 * 3 * 16 * 16, 1);
    float[] targets = random(8 * 2, 2);
    float[] w1 = random(4 * 3 * 3 * 3, 3);
    float[] w2 = random(2 * 4, 4);

    float[][] single;
    try (PointerScope s = new PointerScope()) {
      Tensor a = Tensors.fromFloats(w1, 4, 3, 3, 3).requires_grad_(true);
      Tensor b = Tensors.fromFloats(w2, 2, 4).requires_grad_(true);
      loss(a, b, Tensors.fromFloats(images, 8, 3, 16, 16), Tensors.fromFloats(targets, 8, 2)).backward();
      sgd(a);
      sgd(b);
      single = new float[][] {floats(a), floats(b)};
    }

    List<float[][]> perRank = Ranks.run(2, Duration.ofSeconds(60), g -> {
      try (PointerScope s = new PointerScope()) {
        // rank 1 starts from other weights: the broadcast must replace them with rank 0's
        float[] mine1 = g.rank() == 0 ? w1 : random(w1.length, 99);
        Tensor a = Tensors.fromFloats(mine1, 4, 3, 3, 3).requires_grad_(true);
        Tensor b = Tensors.fromFloats(g.rank() == 0 ? w2 : random(w2.length, 98), 2, 4).requires_grad_(true);
        GradientReducer.broadcastFromRank0(g, List.of(a, b));
        Tensor x = Tensors.fromFloats(images, 8, 3, 16, 16).narrow(0, 4L * g.rank(), 4);
        Tensor y = Tensors.fromFloats(targets, 8, 2).narrow(0, 4L * g.rank(), 4);
        loss(a, b, x, y).backward();
        // 100-byte buckets: conv weight (432 B) and linear weight (32 B) land in separate buckets
        GradientReducer reducer = new GradientReducer(g, List.of(a, b), 100);
        assertThat(reducer.numBuckets()).isEqualTo(2);
        reducer.averageGradients();
        sgd(a);
        sgd(b);
        return new float[][] {floats(a), floats(b)};
      }
    });

    for (float[][] rank : perRank) {
      for (int p = 0; p < 2; p++) {
        assertThat(rank[p]).hasSameSizeAs(single[p]);
        for (int i = 0; i < rank[p].length; i++) {
          assertThat((double) rank[p][i]).as("param %s[%s]", p, i).isCloseTo(single[p][i],
              org.assertj.core.data.Offset.offset(1e-5));
        }
      }
    }
    // the step did move the weights (so equality is not trivially the initial values)
    assertThat(Math.abs(single[0][0] - w1[0])).isGreaterThan(1e-6f);
  }

  private static Tensor loss(Tensor w1, Tensor w2, Tensor x, Tensor y) {
    Tensor h = torch.silu(torch.conv2d(x, w1)).mean(new long[] {2, 3}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
    Tensor out = torch.matmul(h, w2.t());
    return out.sub(y).pow(new Scalar(2.0)).sum(new org.bytedeco.pytorch.ScalarTypeOptional()).div(
        new Scalar((double) x.size(0)));
  }

  private static void sgd(Tensor p) {
    try (var ng = new org.bytedeco.pytorch.NoGradGuard()) {
      p.sub_(p.grad().mul(new Scalar(LR)));
    }
  }

  private static float[] floats(Tensor t) {
    Tensor c = t.detach().contiguous();
    float[] out = new float[(int) c.numel()];
    c.data_ptr_float().get(out);
    return out;
  }

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * 0.5f;
    }
    return v;
  }
}
