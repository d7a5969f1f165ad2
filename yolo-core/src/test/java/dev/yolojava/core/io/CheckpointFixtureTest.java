package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Ultralytics checkpoints. Expected numbers were computed with NumPy from the raw fp16 storage bytes
 * of each zip entry ({@code last/data/N} read as {@code <f2}, strided as the pickle says).
 */
class CheckpointFixtureTest {
  private static final List<String> SYNTH_NAMES =
      List.of("box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star");

  @Test
  void yolov8nStateDictMatchesPyTorchNamingAndNumPyValues() throws IOException {
    Checkpoint ckpt = Checkpoint.load(Fixtures.file("yolov8n-synth.pt"));
    LinkedHashMap<String, TensorRef> refs = ckpt.stateDictRefs();
    assertThat(refs).hasSize(355);
    List<String> keys = new ArrayList<>(refs.keySet());
    assertThat(keys.subList(0, 6)).containsExactly("model.0.conv.weight", "model.0.bn.weight", "model.0.bn.bias",
        "model.0.bn.running_mean", "model.0.bn.running_var", "model.0.bn.num_batches_tracked");
    assertThat(keys.get(keys.size() - 1)).isEqualTo("model.22.dfl.conv.weight");
    assertThat(ckpt.stateDictShapes().get("model.0.conv.weight")).containsExactly(16, 3, 3, 3);
    assertThat(ckpt.stateDictShapes().get("model.9.cv2.conv.weight")).containsExactly(256, 512, 1, 1);
    assertThat(ckpt.stateDictShapes().get("model.0.bn.num_batches_tracked")).isEmpty();
    assertThat(refs.get("model.0.conv.weight").storage().type()).isEqualTo(StorageType.HALF);

    float[] w0 = ckpt.floats("w0", refs.get("model.0.conv.weight"));
    assertThat(w0).hasSize(432);
    assertThat(w0[0]).isEqualTo(-0.0051116943359375f);
    assertThat(w0[1]).isEqualTo(0.09698486328125f);
    assertThat(w0[2]).isEqualTo(-0.164794921875f);
    assertThat(w0[431]).isEqualTo(0.0621337890625f);
    assertThat(sum(w0)).isCloseTo(0.06370323896408081, within(1e-12));
    assertThat(sum(ckpt.floats("cv2", refs.get("model.9.cv2.conv.weight"))))
        .isCloseTo(-39.73060894012451, within(1e-9));
    assertThat(ckpt.floats("dfl", refs.get("model.22.dfl.conv.weight")))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(totalFloatSum(ckpt)).isCloseTo(4745.550445437431, within(1e-6));
  }

  @Test
  void yolov8nTensorsAreContiguousFloat32AndInt64() throws IOException {
    Checkpoint ckpt = Checkpoint.load(Fixtures.file("yolov8n-synth.pt"));
    try (PointerScope scope = new PointerScope()) {
      LinkedHashMap<String, Tensor> sd = ckpt.stateDict();
      assertThat(sd).hasSize(355);
      Tensor w = sd.get("model.0.conv.weight");
      assertThat(w.scalar_type().intern()).isEqualTo(ScalarType.Float);
      assertThat(w.is_contiguous()).isTrue();
      assertThat(w.sizes().vec().get()).containsExactly(16, 3, 3, 3);
      assertThat(w.data_ptr_float().get(1)).isEqualTo(0.09698486328125f);
      assertThat(w.data_ptr_float().get(431)).isEqualTo(0.0621337890625f);
      Tensor rv = sd.get("model.0.bn.running_var");
      assertThat(rv.data_ptr_float().get(0)).isEqualTo(0.0176239013671875f);
      Tensor nbt = sd.get("model.0.bn.num_batches_tracked");
      assertThat(nbt.scalar_type().intern()).isEqualTo(ScalarType.Long);
      assertThat(nbt.dim()).isZero();
      assertThat(nbt.item_long()).isZero();
    }
  }

  @Test
  void yolov8nMetadata() throws IOException {
    Checkpoint ckpt = Checkpoint.load(Fixtures.file("yolov8n-synth.pt"));
    assertThat(ckpt.names()).isEqualTo(SYNTH_NAMES);
    assertThat(ckpt.stride()).containsExactly(8f, 16f, 32f);
    assertThat(ckpt.yaml()).containsEntry("scale", "n").containsEntry("nc", 8).containsEntry("channels", 3);
    assertThat((List<?>) ckpt.yaml().get("backbone")).hasSize(10);
    assertThat((List<?>) ckpt.yaml().get("head")).hasSize(13);
    assertThat(((List<?>) ckpt.yaml().get("backbone")).get(0)).isEqualTo(List.of(-1, 1, "Conv", List.of(64, 3, 2)));
    assertThat(((Map<?, ?>) ckpt.yaml().get("scales")).get("n")).isEqualTo(List.of(0.33, 0.25, 1024));
    assertThat(ckpt.trainArgs()).containsEntry("epochs", 15).containsEntry("batch", 128)
        .containsEntry("lr0", 0.01).containsEntry("amp", true).containsEntry("time", null);
    assertThat(ckpt.args()).containsEntry("save_dir", "/tmp/runs/yolov8n-synth");
    assertThat(ckpt.version()).contains("8.4.90");
    assertThat(ckpt.date()).contains("2026-11-22T20:58:05.828987");
    assertThat(ckpt.epoch()).hasValue(-1);
    assertThat(ckpt.bestFitness()).isEmpty();
    assertThat(ckpt.model().type().qualifiedName()).isEqualTo("ultralytics.nn.tasks.DetectionModel");
  }

  @Test
  void yolov8nStructureAndStridedHeadBuffers() throws IOException {
    Checkpoint ckpt = Checkpoint.load(Fixtures.file("yolov8n-synth.pt"));
    List<String> types = ckpt.moduleTypes();
    assertThat(types).hasSize(23);
    assertThat(types.subList(0, 3)).containsExactly("Conv", "Conv", "C2f");
    assertThat(types.get(9)).isEqualTo("SPPF");
    assertThat(types.get(10)).isEqualTo("Upsample");
    assertThat(types.get(22)).isEqualTo("Detect");
    assertThat(ckpt.detectHead()).isEqualTo(new DetectHead("Detect", 8, 3, 16, false, 300, false));

    // anchors are a transposed view: size (2, 7056), stride (1, 2)
    PyObject detect = ckpt.layers().get(22);
    TensorRef anchors = (TensorRef) detect.get("anchors");
    assertThat(anchors.shape()).containsExactly(2, 7056);
    assertThat(anchors.stride()).containsExactly(1, 2);
    float[] a = ckpt.floats("anchors", anchors);
    assertThat(new float[] {a[0], a[1], a[2], a[7056], a[7057], a[7055], a[2 * 7056 - 1]})
        .containsExactly(0.5f, 1.5f, 2.5f, 0.5f, 0.5f, 20.5f, 15.5f);
    try (PointerScope scope = new PointerScope()) {
      Tensor t = ckpt.tensor("anchors", anchors);
      assertThat(t.is_contiguous()).isTrue();
      assertThat(t.data_ptr_float().get(7055)).isEqualTo(20.5f);
    }
  }

  @Test
  void yolo26nEndToEndHead() throws IOException {
    Checkpoint ckpt = Checkpoint.load(Fixtures.file("yolo26n-synth.pt"));
    LinkedHashMap<String, TensorRef> refs = ckpt.stateDictRefs();
    assertThat(refs).hasSize(708);
    List<String> keys = new ArrayList<>(refs.keySet());
    assertThat(keys.get(0)).isEqualTo("model.0.conv.weight");
    assertThat(keys.get(keys.size() - 1)).isEqualTo("model.23.one2one_cv3.2.2.bias");
    assertThat(ckpt.stateDictShapes().get("model.10.m.0.attn.qkv.conv.weight")).containsExactly(256, 128, 1, 1);
    assertThat(ckpt.stateDictShapes().get("model.23.one2one_cv2.0.0.conv.weight")).containsExactly(16, 64, 3, 3);
    float[] bias = ckpt.floats("bias", refs.get("model.23.one2one_cv3.2.2.bias"));
    assertThat(bias).hasSize(8);
    assertThat(bias[0]).isEqualTo(-6.62890625f);
    assertThat(bias[1]).isEqualTo(-6.625f);
    assertThat(sum(bias)).isCloseTo(-52.97265625, within(1e-12));
    float[] w0 = ckpt.floats("w0", refs.get("model.0.conv.weight"));
    assertThat(w0[0]).isEqualTo(0.0012083053588867188f);
    assertThat(sum(w0)).isCloseTo(0.7976152896881104, within(1e-12));
    assertThat(sum(ckpt.floats("qkv", refs.get("model.10.m.0.attn.qkv.conv.weight"))))
        .isCloseTo(9.91841459274292, within(1e-9));
    assertThat(totalFloatSum(ckpt)).isCloseTo(12083.315927386284, within(1e-6));

    assertThat(ckpt.names()).isEqualTo(SYNTH_NAMES);
    assertThat(ckpt.stride()).containsExactly(8f, 16f, 32f);
    assertThat(ckpt.yaml()).containsEntry("scale", "n").containsEntry("end2end", true).containsEntry("reg_max", 1)
        .containsKey("backbone");
    assertThat(ckpt.moduleTypes()).hasSize(24);
    assertThat(ckpt.moduleTypes().get(10)).isEqualTo("C2PSA");
    assertThat(ckpt.detectHead()).isEqualTo(new DetectHead("Detect", 8, 3, 1, true, 300, false));
    try (PointerScope scope = new PointerScope()) {
      Tensor b = ckpt.stateDict().get("model.23.one2one_cv3.2.2.bias");
      assertThat(b.scalar_type().intern()).isEqualTo(ScalarType.Float);
      assertThat(b.data_ptr_float().get(1)).isEqualTo(-6.625f);
    }
  }

  @Test
  void cocoStructurePickleWithoutStorages() throws IOException {
    Checkpoint ckpt = Checkpoint.loadPickle(Fixtures.file("yolo26n-coco-structure.pkl"));
    assertThat(ckpt.hasTensorData()).isFalse();
    assertThat(ckpt.names()).hasSize(80);
    assertThat(ckpt.names().get(0)).isEqualTo("person");
    assertThat(ckpt.names().get(79)).isEqualTo("toothbrush");
    assertThat(ckpt.yaml()).containsEntry("nc", 80).containsEntry("end2end", true).containsEntry("yaml_file",
        "yolo26n.yaml");
    assertThat(ckpt.trainArgs()).containsEntry("optimizer", "MuSGD").containsEntry("epochs", 245)
        .containsEntry("end2end", true).containsEntry("box", 5.62767);
    assertThat(ckpt.version()).contains("8.3.222");
    assertThat(ckpt.date()).contains("2025-12-15T06:36:05.381708");

    LinkedHashMap<String, long[]> shapes = ckpt.stateDictShapes();
    assertThat(shapes).hasSize(708);
    assertThat(shapes.get("model.23.one2one_cv2.0.0.conv.weight")).containsExactly(16, 64, 3, 3);
    assertThat(shapes.get("model.23.one2one_cv3.0.2.weight")).containsExactly(80, 80, 1, 1);
    assertThat(shapes.get("model.23.cv3.2.2.bias")).containsExactly(80);
    assertThat(shapes.values().stream().mapToLong(s -> {
      long n = 1;
      for (long d : s) {
        n *= d;
      }
      return n;
    }).sum()).isEqualTo(2_591_962L);
    assertThat(ckpt.moduleTypes()).hasSize(24);
    assertThat(ckpt.detectHead()).isEqualTo(new DetectHead("Detect", 80, 3, 1, true, 300, false));

    assertThatThrownBy(ckpt::stateDict).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("yolo26n-coco-structure.pkl: tensor model.0.conv.weight has no data");
    assertThatThrownBy(ckpt::stride).isInstanceOf(IllegalStateException.class).hasMessageContaining("bare pickle");
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return s;
  }

  private static double totalFloatSum(Checkpoint ckpt) {
    double total = 0;
    for (Map.Entry<String, TensorRef> e : ckpt.stateDictRefs().entrySet()) {
      if (e.getValue().storage().type().isFloating()) {
        total += sum(ckpt.floats(e.getKey(), e.getValue()));
      }
    }
    return total;
  }
}
