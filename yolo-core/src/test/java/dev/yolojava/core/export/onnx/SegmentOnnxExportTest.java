package dev.yolojava.core.export.onnx;

import static dev.yolojava.core.nn.NnFixtures.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.NnFixtures;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation models through ONNX, as Ultralytics exports them: {@code output0} the boxes, scores and each anchor's
 * mask coefficients ({@code [B, 4 + nc + 32, A]}), {@code output1} the prototypes ({@code [B, 32, H/4, W/4]}); ONNX
 * Runtime's outputs equal libtorch's. YOLO26-seg (its Proto26) is refused by name.
 */
class SegmentOnnxExportTest {
  @TempDir Path tmp;

  @Test
  void yolov8SegExportsCoefficientsAndPrototypes() throws Exception {
    try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      DetectionModel model = NnFixtures.loadTask("segment", "yolov8-seg-fx-synth.pt");
      OnnxExporter.Options o = new OnnxExporter.Options(2, 320, 320, true, 19);
      List<String> names = java.util.stream.IntStream.range(0, model.nc()).mapToObj(i -> "c" + i).toList();
      Map<String, String> meta = OnnxExporter.metadata(model, names, o, null);
      assertThat(meta).containsEntry("task", "segment");
      Path file = OnnxExporter.export(model, meta, o, tmp.resolve("seg.onnx"));
      torch.manual_seed(3);
      Tensor x = torch.rand(2, 3, 256, 320);
      Tensor eager = model.forward(x);
      DetectOutput raw = model.forwardRaw(x);
      Tensor proto = raw.proto();
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
          OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(floats(x)), new long[] {2, 3, 256, 320});
          OrtSession.Result r = s.run(Map.of("images", in))) {
        OnnxTensor out0 = (OnnxTensor) r.get("output0").orElseThrow();
        OnnxTensor out1 = (OnnxTensor) r.get("output1").orElseThrow();
        assertThat(out0.getInfo().getShape()).containsExactly(2, 4 + model.nc() + 32, 1680);
        assertThat(out1.getInfo().getShape()).containsExactly(2, 32, 64, 80);
        float[] a = new float[2 * (4 + model.nc() + 32) * 1680];
        out0.getFloatBuffer().get(a);
        float[] b = floats(eager);
        double box = 0;
        double score = 0;
        double coefficient = 0; // unbounded logits: relative to their size
        for (int i = 0; i < b.length; i++) {
          int row = (i / 1680) % (4 + model.nc() + 32);
          double d = Math.abs(a[i] - b[i]);
          if (row < 4) {
            box = Math.max(box, d);
          } else if (row < 4 + model.nc()) {
            score = Math.max(score, d);
          } else {
            coefficient = Math.max(coefficient, d / (1 + Math.abs(b[i])));
          }
        }
        // the barely trained fixture on noise: DFL softmaxes of near-equal logits, measured 5.2e-3 px
        assertThat(box).as("boxes, px").isLessThan(1e-2);
        assertThat(score).as("scores").isLessThan(1e-4);
        assertThat(coefficient).as("mask coefficients, relative").isLessThan(1e-3);
        assertMaxDiff(out1.getFloatBuffer(), floats(proto), 1e-3, "prototypes");
      }
    }
  }

  @Test
  void yolo26SegIsRefusedByName() throws Exception {
    try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml("yolo26n-seg.yaml", 8); // untrained: only the refusal matters
      OnnxExporter.Options o = OnnxExporter.Options.defaults();
      List<String> names = java.util.stream.IntStream.range(0, model.nc()).mapToObj(i -> "c" + i).toList();
      assertThatThrownBy(() -> OnnxExporter.export(model, OnnxExporter.metadata(model, names, o, null), o,
          tmp.resolve("s26.onnx")))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("(YOLO26-seg) cannot be exported to ONNX by this build");
    }
  }

  private static void assertMaxDiff(FloatBuffer a, float[] b, double tol, String what) {
    assertThat(a.remaining()).as(what).isEqualTo(b.length);
    double max = 0;
    for (int i = 0; i < b.length; i++) {
      max = Math.max(max, Math.abs(a.get(i) - b[i]));
    }
    assertThat(max).as(what).isLessThan(tol);
  }
}
