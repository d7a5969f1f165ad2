package dev.yolojava.core.export.onnx;

import static dev.yolojava.core.nn.NnFixtures.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.nn.ClassificationModel;
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
 * Classifiers through ONNX as Ultralytics exports them: {@code images} in, {@code output0} the class probabilities
 * ({@code [B, nc]}, the softmax) out, with {@code task: classify} metadata; ONNX Runtime's output equals libtorch's.
 */
class ClassifyOnnxExportTest {
  @TempDir Path tmp;

  @Test
  void classifierExportsProbabilities() throws Exception {
    Checkpoint ckpt = Checkpoint.load(NnFixtures.task("classify", "yolov8-cls-fx-synth.pt"));
    try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      ClassificationModel model = ClassificationModel.fromYaml(ckpt.yaml(), 0);
      model.loadStateDict(ckpt.stateDict());
      model.eval();
      OnnxExporter.Options o = new OnnxExporter.Options(2, 64, 64, true, 19);
      Map<String, String> meta = OnnxExporter.metadata(model, ckpt.names(), o, null);
      assertThat(meta).containsEntry("task", "classify").containsEntry("stride", "1");
      Path file = OnnxExporter.export(model, meta, o, tmp.resolve("cls.onnx"));
      torch.manual_seed(5);
      Tensor x = torch.rand(3, 3, 96, 96); // dynamic batch and size
      float[] eager = floats(model.forward(x));
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions());
          OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(floats(x)), new long[] {3, 3, 96, 96});
          OrtSession.Result r = s.run(Map.of("images", in))) {
        OnnxTensor out = (OnnxTensor) r.get("output0").orElseThrow();
        assertThat(out.getInfo().getShape()).containsExactly(3, ckpt.names().size());
        float[] onnx = new float[eager.length];
        out.getFloatBuffer().get(onnx);
        for (int i = 0; i < eager.length; i++) {
          assertThat(onnx[i]).as("element %s", i).isCloseTo(eager[i], within(1e-5f));
        }
        assertThat(s.getMetadata().getCustomMetadata()).containsEntry("task", "classify");
        assertThat(List.of(s.getInputNames().toArray())).containsExactly("images");
      }
    }
  }
}
