package dev.yolojava.core.loss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.HeadOutput;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Each loss term's analytic gradient w.r.t. the head outputs agrees with a finite difference. */
class LossGradientTest {
  /** yolov8n-synth in train mode with the fixture loss batch. */
  private record Fixture(DetectionModel model, Targets targets, Tensor img) {
    static Fixture load() throws Exception {
      Checkpoint ckpt = Checkpoint.load(LossFixtures.file("yolov8n-synth.pt"));
      Map<String, NpyArray> batch = Npz.read(LossFixtures.file("loss-batch.npz"));
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.train(true);
      Targets targets = new Targets(batch.get("batch_idx").toTensor(), batch.get("cls").toTensor(),
          batch.get("bboxes").toTensor());
      return new Fixture(model, targets, batch.get("img").toTensor());
    }
  }

  @Test
  void v8TermsHaveCorrectGradients() throws Exception {
    try (PointerScope scope = new PointerScope()) {
      Fixture f = Fixture.load();
      DetectionModel model = f.model();
      Targets targets = f.targets();
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      DetectOutput raw = model.forwardRaw(f.img());
      Tensor boxes = raw.oneToMany().boxes().detach().clone();
      Tensor scores = raw.oneToMany().scores().detach().clone();
      for (int term = 0; term < 3; term++) {
        Tensor b = boxes.clone().requires_grad_(true);
        Tensor s = scores.clone().requires_grad_(true);
        DetectOutput in = new DetectOutput(new HeadOutput(b, s, raw.oneToMany().feats()), null);
        Tensor value = loss.compute(in, targets).loss().get(term);
        value.backward();
        Tensor g = term == 1 ? s.grad() : b.grad();
        double norm = g.abs().sum().item_double();
        // finite difference along the gradient direction: L(x - e*g/|g|) < L(x)
        Tensor dir = g.div(new Scalar(g.norm().item_double()));
        double eps = 1e-2;
        Tensor b2 = term == 1 ? boxes : boxes.sub(dir.mul(new Scalar(eps)));
        Tensor s2 = term == 1 ? scores.sub(dir.mul(new Scalar(eps))) : scores;
        double before = value.item_double();
        double after = loss.compute(new DetectOutput(new HeadOutput(b2, s2, raw.oneToMany().feats()), null), targets)
            .loss().get(term).item_double();
        double predicted = before - eps * g.norm().item_double();
        System.out.printf("term %d: loss %.6f grad|1 %.6f step -> %.6f (first-order prediction %.6f)%n", term,
            before, norm, after, predicted);
        assertThat(norm).as("term %s gradient", term).isGreaterThan(0);
        assertThat(after).as("term %s decreases along -grad", term).isLessThan(before);
        assertThat((before - after) / (before - predicted)).as("term %s first-order agreement", term)
            .isBetween(0.3, 2.0); // the cls term's curvature gives 1.44 at this step: a sign check, not a fit
      }
    }
  }

  @Test
  void everyBackboneAndNeckParameterReceivesAGradient() throws Exception {
    try (PointerScope scope = new PointerScope()) {
      Fixture f = Fixture.load();
      DetectionModel model = f.model();
      Targets targets = f.targets();
      DetectionLoss loss = DetectionLoss.forModel(model, LossHyperParameters.defaults());
      loss.compute(model.forwardRaw(f.img()), targets).total().backward();
      java.util.List<String> missing = new java.util.ArrayList<>();
      int trainable = 0;
      for (var p : dev.yolojava.core.optim.ParamGrouping.classify(model, false)) {
        // Head branches only get gradients at levels where this batch has assigned anchors.
        if (!p.tensor().requires_grad() || p.key().startsWith("model.22.")) {
          continue;
        }
        trainable++;
        Tensor g = p.tensor().grad();
        if (!g.defined() || g.abs().sum().item_double() == 0) {
          missing.add(p.key());
        }
      }
      System.out.println("trainable " + trainable + " without gradient " + missing);
      assertThat(missing).isEmpty();
      assertThat(trainable).isEqualTo(135);
    }
  }
}
