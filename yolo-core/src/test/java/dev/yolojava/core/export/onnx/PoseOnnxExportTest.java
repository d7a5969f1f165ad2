package dev.yolojava.core.export.onnx;

import static dev.yolojava.core.nn.NnFixtures.floats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.core.nn.NnFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pose models through ONNX: the traced graph appends each anchor's decoded keypoints (x, y in input pixels, visibility
 * probability) to the boxes and scores as the eager head does, and the end-to-end top-k carries them with their
 * anchor; ONNX Runtime's output equals libtorch's. The metadata says {@code task: pose} and {@code kpt_shape}, which
 * the runtime reads back.
 */
class PoseOnnxExportTest {
  private static final double PX_TOL = 5e-3; // as OnnxExportTest: float steps near 640 px, kernels differ
  private static final double PROB_TOL = 1e-4;

  @TempDir Path tmp;

  @Test
  void yolov8PoseDynamicExportMatchesEagerKeypoints() throws IOException {
    try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      DetectionModel model = NnFixtures.loadTask("pose", "yolov8-pose-fx-synth.pt");
      OnnxExporter.Options o = new OnnxExporter.Options(2, 320, 320, true, 19);
      Path file = OnnxExporter.export(model, OnnxExporter.metadata(model, List.of("kite"), o, null), o,
          tmp.resolve("pose.onnx"));
      torch.manual_seed(5);
      Tensor x = torch.rand(2, 3, 256, 320);
      try (OnnxRuntimeBackend ort = OnnxRuntimeBackend.open(file)) {
        assertThat(ort.metadata()).containsEntry("task", "pose").containsEntry("kpt_shape", "[4, 3]");
        assertThat(ort.keypointShape()).containsExactly(4, 3);
        Tensor y = ort.forward(x);
        Tensor eager = model.forward(x);
        assertThat(y.sizes().vec().get()).containsExactly(2, 4 + 1 + 12, 1680);
        float[] a = floats(y);
        float[] b = floats(eager);
        int anchors = 1680;
        double px = 0;
        double prob = 0;
        for (int i = 0; i < a.length; i++) {
          int row = (i / anchors) % 17;
          boolean coordinate = row < 4 || row >= 5 && (row - 5) % 3 != 2;
          double d = Math.abs(a[i] - b[i]);
          if (coordinate) {
            px = Math.max(px, d);
          } else {
            prob = Math.max(prob, d);
          }
        }
        assertThat(px).as("boxes and keypoints, px").isLessThan(PX_TOL);
        assertThat(prob).as("scores and visibilities").isLessThan(PROB_TOL);
      }
    }
  }

  @Test
  void yolo26PoseEndToEndExportKeepsEachRowsKeypoints() throws IOException {
    try (NoGradGuard g = new NoGradGuard(); PointerScope scope = new PointerScope()) {
      DetectionModel model = NnFixtures.loadTask("pose", "yolo26-pose-fx-init.pt");
      model.fuse();
      OnnxExporter.Options o = OnnxExporter.Options.defaults();
      List<String> names = java.util.stream.IntStream.range(0, model.nc()).mapToObj(i -> "c" + i).toList();
      Path file = OnnxExporter.export(model, OnnxExporter.metadata(model, names, o, null), o, tmp.resolve("p26.onnx"));
      torch.manual_seed(7);
      Tensor x = torch.rand(1, 3, 640, 640);
      try (OnnxRuntimeBackend ort = OnnxRuntimeBackend.open(file)) {
        assertThat(ort.endToEnd()).isTrue();
        float[] a = floats(ort.forward(x));
        float[] b = floats(model.forward(x));
        int cols = 6 + 12;
        assertThat(a).hasSize(300 * cols).hasSameSizeAs(b);
        // the untrained head scores many anchors near-equally, so the two runtimes fill the top-k tail with different
        // anchors: rows are matched by their box and class, and each matched row must carry the same keypoints
        int checked = 0;
        for (int r = 0; r < 300; r++) {
          int twin = -1;
          double best = Double.MAX_VALUE;
          for (int q = 0; q < 300; q++) {
            double d = 0;
            for (int c = 0; c < 6; c++) {
              d = Math.max(d, Math.abs(a[r * cols + c] - b[q * cols + c]));
            }
            if (d < best) {
              best = d;
              twin = q;
            }
          }
          if (best >= PX_TOL) {
            continue; // a tail row the other runtime ranked out
          }
          for (int c = 6; c < cols; c++) {
            double tol = (c - 6) % 3 == 2 ? PROB_TOL : PX_TOL;
            assertThat((double) Math.abs(a[r * cols + c] - b[twin * cols + c])).as("row %s column %s", r, c)
                .isLessThan(tol);
          }
          checked++;
        }
        assertThat(checked).as("rows with an eager twin (measured: 202 of 300)").isGreaterThan(150);
      }
    }
  }
}
