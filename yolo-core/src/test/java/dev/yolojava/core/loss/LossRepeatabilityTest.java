package dev.yolojava.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import java.io.IOException;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Context;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The YOLO26 loss and its gradient, computed again and again in one JVM with 1, 2 and 3 intra-op threads and with
 * every new tensor poisoned (NaN until written: libtorch's {@code fill_uninitialized_memory}), stay finite and agree
 * with each other. A NaN gradient of the first convolution was seen once in a while on one AMD EPYC host in the full
 * suite; a kernel that read memory before writing it, or a thread-count-dependent path, would show here. {@code
 * -Dyolo.loss.reps=200} turns this into a soak run.
 */
class LossRepeatabilityTest {
  @Test
  void yolo26nLossAndGradientStayFiniteOverRepeatsThreadCountsAndPoisonedMemory() throws IOException {
    int reps = Integer.getInteger("yolo.loss.reps", 3);
    Checkpoint ckpt = Checkpoint.load(LossFixtures.file("yolo26n-synth.pt"));
    Map<String, NpyArray> batch = Npz.read(LossFixtures.file("loss-batch.npz"));
    Context context = torch.globalContext();
    boolean deterministic = context.deterministicAlgorithms();
    boolean warnOnly = context.deterministicAlgorithmsWarnOnly();
    boolean fill = context.deterministicFillUninitializedMemory();
    int threads = torch.get_num_threads();
    double[] first = null;
    try {
      context.setDeterministicAlgorithms(true, true);
      context.setDeterministicFillUninitializedMemory(true);
      for (int r = 0; r < reps; r++) {
        torch.set_num_threads(1 + r % 3);
        double[] now = lossAndGradient(ckpt, batch);
        for (double v : now) {
          assertThat(v).as("repeat %s with %s threads: %s", r, 1 + r % 3, java.util.Arrays.toString(now)).isFinite();
        }
        if (first == null) {
          first = now;
        } else {
          for (int i = 0; i < now.length; i++) {
            // the thread count changes summation order: agreement, not equal bits
            assertThat(now[i]).as("repeat %s value %s", r, i).isCloseTo(first[i], withinPercentage(1e-2));
          }
        }
      }
    } finally {
      context.setDeterministicFillUninitializedMemory(fill);
      context.setDeterministicAlgorithms(deterministic, warnOnly);
      torch.set_num_threads(threads);
    }
  }

  /** box, cls, dfl loss terms and the L1 norm of the first convolution's gradient. */
  private static double[] lossAndGradient(Checkpoint ckpt, Map<String, NpyArray> batch) {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.train(true);
      Targets targets = new Targets(
          batch.get("batch_idx").toTensor(), batch.get("cls").toTensor(), batch.get("bboxes").toTensor());
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      DetectOutput preds = model.forwardRaw(batch.get("img").toTensor());
      LossResult result = loss.compute(preds, targets);
      double[] terms = result.lossValues();
      result.total().backward();
      Tensor grad = model.stateDict().get("model.0.conv.weight").grad();
      return new double[] {terms[0], terms[1], terms[2], grad.abs().sum().item_double()};
    }
  }
}
