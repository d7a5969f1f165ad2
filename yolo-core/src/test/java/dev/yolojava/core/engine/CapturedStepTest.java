package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.loss.DetectionLoss;
import dev.yolojava.core.loss.LossHyperParameters;
import dev.yolojava.core.loss.Targets;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.StateDicts;
import dev.yolojava.core.optim.FlatGrads;
import dev.yolojava.cuda.Autocast;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The captured forward and backward give the eager step's gradients and BatchNorm statistics, bit for bit, step
 * after step (each replay on new images), for a YOLOv8 and an end-to-end YOLO26 head. Needs a CUDA device.
 */
class CapturedStepTest {

  @Test
  void yolov8StepMatchesEagerBitForBit() {
    compare("yolov8n.yaml");
  }

  @Test
  void yolo26StepMatchesEagerBitForBit() {
    compare("yolo26n.yaml");
  }

  /** Entry point for a GPU machine without a test runner: runs both cases and prints "ok". */
  public static void main(String[] args) {
    CapturedStepTest t = new CapturedStepTest();
    t.yolov8StepMatchesEagerBitForBit();
    t.yolo26StepMatchesEagerBitForBit();
    System.out.println("CapturedStepTest ok");
  }

  private static void compare(String yaml) {
    Assumptions.assumeTrue(Cuda.isAvailable(), "no CUDA device: skipping the CUDA graph test");
    Device device = Device.cuda(0);
    try (PointerScope scope = new PointerScope()) {
      torch.manual_seed(0);
      DetectionModel eager = DetectionModel.fromYaml(yaml, 4);
      DetectionModel graphed = DetectionModel.fromYaml(yaml, 4);
      copyState(eager, graphed);
      eager.to(device.toTorch(), torch.ScalarType.Float, false);
      graphed.to(device.toTorch(), torch.ScalarType.Float, false);
      eager.train(true);
      graphed.train(true);
      FlatGrads eagerGrads = FlatGrads.attach(trainable(eager));
      FlatGrads graphGrads = FlatGrads.attach(trainable(graphed));
      DetectionLoss eagerLoss = DetectionLoss.forModel(eager, LossHyperParameters.defaults());
      DetectionLoss graphLoss = DetectionLoss.forModel(graphed, LossHyperParameters.defaults());
      Targets targets = new Targets(
          torch.tensor(new float[] {0, 0, 1, 3}),
          torch.tensor(new float[] {1, 2, 0, 3}).view(-1, 1),
          torch.tensor(new float[] {0.5f, 0.5f, 0.3f, 0.4f, 0.2f, 0.3f, 0.1f, 0.1f, 0.7f, 0.6f, 0.3f, 0.2f,
              0.4f, 0.5f, 0.5f, 0.5f}).view(4, 4));
      Tensor first = images(device, 1);
      CapturedStep step = CapturedStep.capture(graphed, first, device, true);
      try {
        for (int s = 0; s < 3; s++) {
          Tensor x = s == 0 ? first : images(device, s + 1);
          eagerGrads.zero();
          graphGrads.zero();
          DetectOutput out;
          try (Autocast ac = Autocast.enter(device, true, torch.ScalarType.Half)) {
            out = eager.forwardRaw(x);
          }
          Tensor l1 = eagerLoss.compute(LossInputs.toFloat(out), targets).loss().sum().mul(new Scalar(1024.0));
          l1.backward();
          Tensor l2 = graphLoss.compute(LossInputs.toFloat(step.forward(x)), targets).loss().sum()
              .mul(new Scalar(1024.0));
          l2.backward();
          step.backward();
          assertThat(l2.item_double()).as("%s step %s loss", yaml, s).isEqualTo(l1.item_double());
          assertThat(eagerGrads.flat().abs().sum().item_double()).as("%s step %s gradients", yaml, s).isPositive();
          assertThat(torch.equal(graphGrads.flat(), eagerGrads.flat())).as("%s step %s gradients", yaml, s).isTrue();
          assertBuffersEqual(eager, graphed, yaml + " step " + s);
        }
      } finally {
        step.close();
        eagerGrads.close();
        graphGrads.close();
      }
    }
  }

  private static Tensor images(Device device, int seed) {
    torch.manual_seed(seed);
    return torch.rand(new long[] {4, 3, 128, 128}).to(device.toTorch(), torch.ScalarType.Float);
  }

  private static List<Tensor> trainable(DetectionModel m) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor t : StateDicts.parameters(m).values()) {
      if (t.requires_grad()) {
        out.add(t);
      }
    }
    return out;
  }

  private static void copyState(DetectionModel from, DetectionModel to) {
    Map<String, Tensor> src = StateDicts.of(from);
    Map<String, Tensor> dst = StateDicts.of(to);
    try (NoGradGuard g = new NoGradGuard()) {
      src.forEach((k, v) -> dst.get(k).copy_(v));
    }
  }

  private static void assertBuffersEqual(DetectionModel a, DetectionModel b, String what) {
    Map<String, Tensor> sa = StateDicts.of(a);
    Map<String, Tensor> sb = StateDicts.of(b);
    sa.forEach((k, v) -> assertThat(torch.equal(v, sb.get(k))).as("%s: %s", what, k).isTrue());
  }
}
