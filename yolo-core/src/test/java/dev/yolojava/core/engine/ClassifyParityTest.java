package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.io.NpyArray;
import dev.yolojava.core.io.Npz;
import dev.yolojava.core.nn.ClassificationModel;
import dev.yolojava.core.nn.NnFixtures;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.classify.ClassifyFolders;
import dev.yolojava.data.classify.ClassifyTransforms;
import dev.yolojava.data.image.Images;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Classification against Ultralytics 8.4.90 (fixtures/classify, made by bench/cls_fixture.py: a yolov8-cls model at
 * width 1/16 trained on the synthetic shapes at imgsz 64): the transforms byte for byte, the forward pass, the loss,
 * predictions and validation.
 */
class ClassifyParityTest {
  private static final String TASK = "classify";
  private static final String CKPT = "yolov8-cls-fx-synth.pt";

  private static Classifier load() {
    Path p = NnFixtures.task(TASK, CKPT);
    return Classifier.fromCheckpoint(YoloModel.readCheckpoint(p), p.toString());
  }

  /** A JSON fixture (JSON is YAML: read with the YAML parser the project already has). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String name) throws Exception {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(NnFixtures.task(TASK, name))) {
      return (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(in);
    }
  }

  private static float[] scaled(NpyArray u8) {
    float[] f = u8.floats();
    for (int i = 0; i < f.length; i++) {
      f[i] /= 255f;
    }
    return f;
  }

  @Test
  void transformsMatchTorchvisionOnPillowByteForByte() throws Exception {
    Map<String, NpyArray> io = Npz.read(NnFixtures.task(TASK, "cls-io.npz"));
    Mat bgr = Images.read(NnFixtures.task(TASK, "io.png"));
    float[] x = ClassifyTransforms.eval(ClassifyPredictor.rgbBytes(bgr), bgr.rows(), bgr.cols(), 64);
    float[] want = io.get("x_u8").floats();
    assertThat(x).hasSize(want.length);
    for (int i = 0; i < x.length; i++) {
      assertThat(Math.round(x[i] * 255)).as("element %s", i).isEqualTo((int) want[i]);
    }
  }

  @Test
  void forwardMatchesUltralytics() throws Exception {
    Map<String, NpyArray> io = Npz.read(NnFixtures.task(TASK, "cls-io.npz"));
    try (Classifier c = load(); PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      Tensor x = Tensors.fromFloats(scaled(io.get("x_u8")), 1, 3, 64, 64);
      float[] probs = Tensors.toFloatArray(c.net().forward(x));
      float[] logits = Tensors.toFloatArray(c.net().logits(x));
      float[] wantP = io.get("probs").floats();
      float[] wantL = io.get("logits").floats();
      for (int i = 0; i < probs.length; i++) {
        assertThat(probs[i]).as("prob %s", i).isCloseTo(wantP[i], within(1e-5f));
        assertThat(logits[i]).as("logit %s", i).isCloseTo(wantL[i], within(1e-4f * Math.max(1, Math.abs(wantL[i]))));
      }
    }
  }

  @Test
  void trainModeLossMatchesUltralytics() throws Exception {
    Map<String, NpyArray> io = Npz.read(NnFixtures.task(TASK, "cls-io.npz"));
    long[] shape = io.get("xb_u8").shape();
    try (Classifier c = load(); PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
      ClassificationModel net = c.net();
      net.train(true); // BatchNorm on the batch's statistics, as the loss Ultralytics computed
      Tensor x = Tensors.fromFloats(scaled(io.get("xb_u8")), shape);
      Tensor y = io.get("yb").toTensor();
      double loss = torch.cross_entropy(net.forward(x), y).item_double();
      double want = io.get("loss").floats()[0];
      assertThat(loss).isCloseTo(want, within(1e-4 * want));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void predictionsMatchUltralytics() throws Exception {
    List<Map<String, Object>> want = (List<Map<String, Object>>) json("cls-pred.json").get("predictions");
    Path data = NnFixtures.task(TASK, "data");
    List<PredictPipeline.Input> inputs = new ArrayList<>();
    for (Map<String, Object> p : want) {
      Path f = data.resolve((String) p.get("file"));
      inputs.add(new PredictPipeline.Input(f.toString(), () -> Images.read(f)));
    }
    try (Classifier c = load(); Classifier fused = c.fusedCopy()) {
      Iterator<ClassifyPredictor.Result> it = ClassifyPredictor.run(fused, inputs.iterator(), 0, 4);
      int i = 0;
      while (it.hasNext()) {
        ClassifyPredictor.Result r = it.next();
        Map<String, Object> w = want.get(i++);
        List<Number> probs = (List<Number>) w.get("probs");
        List<Number> top5 = (List<Number>) w.get("top5");
        for (int k = 0; k < r.probs().length; k++) {
          assertThat(r.probs()[k]).as("%s class %s", r.name(), k).isCloseTo(probs.get(k).floatValue(), within(1e-4f));
        }
        // the best class agrees wherever Ultralytics' two best are told apart by more than the tolerance
        double p0 = probs.get(top5.get(0).intValue()).doubleValue();
        double p1 = probs.get(top5.get(1).intValue()).doubleValue();
        if (p0 - p1 > 1e-3) {
          assertThat(r.top1()).as(r.name()).isEqualTo(top5.get(0).intValue());
        }
      }
      assertThat(i).isEqualTo(want.size());
    }
  }

  @Test
  void validationMatchesUltralytics() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Number> fx = (Map<String, Number>) json("cls-val.json").get("data");
    ClassifyFolders folders = ClassifyFolders.open(NnFixtures.task(TASK, "data"));
    try (Classifier c = load(); Classifier fused = c.fusedCopy()) {
      ClassifyValidator.Metrics m = ClassifyValidator.validate(fused, folders.split(folders.valSplitName()), 64, 8, 2,
          false);
      // Ultralytics averages in float32: equal counts agree to 1e-6
      assertThat(m.top1()).isCloseTo(fx.get("top1").doubleValue(), within(1e-6));
      assertThat(m.top5()).isCloseTo(fx.get("top5").doubleValue(), within(1e-6));
      assertThat(m.fitness()).isCloseTo(fx.get("fitness").doubleValue(), within(1e-6));
    }
  }
}
