package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.nn.DetectionModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Round trips models built from YAML through the writer and our reader. */
class CheckpointWriterTest {
  private static final List<String> NAMES = List.of("box", "disc", "triangle", "cross", "ring", "diamond", "bar",
      "star");

  @TempDir Path dir;

  private static Map<String, Object> trainArgs() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("task", "detect");
    a.put("epochs", 3);
    a.put("imgsz", 640);
    a.put("lr0", 0.01);
    a.put("cache", false);
    a.put("time", null);
    return a;
  }

  @ParameterizedTest
  @CsvSource({"yolov8n, 355, 16, 23, Detect", "yolo26n, 708, 1, 24, Detect"})
  void finalCheckpointRoundTripsWeightsAsFloat16AndKeepsMetadata(String name, int keys, int regMax, int layers,
      String head) throws Exception {
    Path pt = dir.resolve("best.pt");
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(name + ".yaml", 8);
      CheckpointMeta meta = CheckpointMeta.finalCheckpoint().names(NAMES).trainArgs(trainArgs())
          .trainMetrics(Map.of("fitness", 0.42)).build();
      CheckpointWriter.write(pt, model, meta);
      Checkpoint ckpt = Checkpoint.load(pt);

      LinkedHashMap<String, Tensor> expected = model.stateDict();
      LinkedHashMap<String, Tensor> actual = ckpt.stateDict();
      assertThat(actual).hasSize(keys);
      assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
      assertThat(ckpt.stateDictShapes()).usingRecursiveComparison().isEqualTo(model.stateDictShapes());
      for (Map.Entry<String, Tensor> e : expected.entrySet()) {
        Tensor want = e.getValue().is_floating_point()
            ? e.getValue().to(ScalarType.Half).to(ScalarType.Float) : e.getValue();
        assertThat(torch.equal(actual.get(e.getKey()), want)).as(e.getKey()).isTrue();
      }
      assertThat(ckpt.stateDictRefs().get("model.0.conv.weight").storage().type()).isEqualTo(StorageType.HALF);
      assertThat(ckpt.stateDictRefs().get("model.0.bn.num_batches_tracked").storage().type())
          .isEqualTo(StorageType.LONG);

      assertThat(ckpt.names()).isEqualTo(NAMES);
      assertThat(ckpt.epoch()).hasValue(-1);
      assertThat(ckpt.bestFitness()).isEmpty();
      assertThat(ckpt.version()).hasValue("8.4.90");
      assertThat(ckpt.date().orElseThrow()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
      assertThat(ckpt.trainArgs()).isEqualTo(trainArgs());
      assertThat(ckpt.args()).isEqualTo(trainArgs());
      assertThat(ckpt.root().get("train_metrics")).isEqualTo(Map.of("fitness", 0.42));
      assertThat(ckpt.root().get("ema")).isNull();
      assertThat(ckpt.stride()).containsExactly(8f, 16f, 32f);
      assertThat(ckpt.moduleTypes()).hasSize(layers).endsWith(head).startsWith("Conv", "Conv");
      assertThat(ckpt.detectHead().nc()).isEqualTo(8);
      assertThat(ckpt.detectHead().regMax()).isEqualTo(regMax);
      assertThat(ckpt.detectHead().end2end()).isEqualTo(name.equals("yolo26n"));
      assertThat(ckpt.yaml()).containsEntry("nc", 8).containsEntry("scale", "n")
          .containsEntry("yaml_file", name + ".yaml").containsEntry("channels", 3);
      assertThat(List.copyOf(ckpt.yaml().keySet())).startsWith("nc").endsWith("scales", "backbone", "head", "scale",
          "yaml_file", "channels");

      // the saved YAML rebuilds the same architecture, which takes the saved weights strictly
      DetectionModel rebuilt = DetectionModel.fromYaml(ckpt.yaml(), 0);
      rebuilt.loadStateDict(actual);
      assertThat(rebuilt.parameterCount()).isEqualTo(model.parameterCount());
    }
  }

  @Test
  void trainingCheckpointHoldsTheEmaOptimizerStateAndEpoch() throws Exception {
    Path pt = dir.resolve("last.pt");
    try (PointerScope scope = new PointerScope()) {
      DetectionModel ema = DetectionModel.fromYaml("yolov8n.yaml", 8);
      Tensor momentum = torch.arange(new org.bytedeco.pytorch.Scalar(6.0)).div(new org.bytedeco.pytorch.Scalar(7.0))
          .view(2, 3);
      Map<String, Object> optimizer = new LinkedHashMap<>();
      optimizer.put("state", Map.of(0, Map.of("momentum_buffer", momentum)));
      optimizer.put("param_groups", List.of(Map.of("lr", 0.01, "params", List.of(0))));
      CheckpointMeta meta = CheckpointMeta.training(4, 0.61).names(NAMES).updates(1234).optimizer(optimizer)
          .build();
      CheckpointWriter.write(pt, ema, meta);
      Checkpoint ckpt = Checkpoint.load(pt);

      assertThat(List.copyOf(ckpt.root().keySet())).containsExactly("epoch", "best_fitness", "model", "ema",
          "updates", "optimizer", "scaler", "train_args", "train_metrics", "train_results", "date", "version", "git",
          "license", "docs");
      assertThat(ckpt.root().get("model")).isNull();
      assertThat(ckpt.model()).isSameAs(ckpt.root().get("ema"));
      assertThat(ckpt.epoch()).hasValue(4);
      assertThat(ckpt.bestFitness()).hasValue(0.61);
      assertThat(ckpt.root().get("updates")).isEqualTo(1234);
      Map<?, ?> opt = (Map<?, ?>) ckpt.root().get("optimizer");
      TensorRef saved = (TensorRef) ((Map<?, ?>) ((Map<?, ?>) opt.get("state")).get(0)).get("momentum_buffer");
      assertThat(saved.storage().type()).isEqualTo(StorageType.FLOAT); // optimizer state keeps its dtype
      assertThat(saved.shape()).containsExactly(2, 3);
      assertThat(ckpt.floats("momentum", saved)).containsExactly(0f, 1f / 7, 2f / 7, 3f / 7, 4f / 7, 5f / 7);
      assertThat(opt.get("param_groups")).isEqualTo(List.of(Map.of("lr", 0.01, "params", List.of(0))));
      assertThat(ckpt.stateDict()).hasSize(355);
    }
  }

  @Test
  void fullPrecisionOnRequestKeepsFloat32Exactly() throws Exception {
    Path pt = dir.resolve("fp32.pt");
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml("yolov8n.yaml", 3);
      CheckpointWriter.write(pt, model, CheckpointMeta.finalCheckpoint().halfPrecision(false).build());
      Checkpoint ckpt = Checkpoint.load(pt);
      assertThat(ckpt.stateDictRefs().get("model.22.cv3.0.2.bias").storage().type()).isEqualTo(StorageType.FLOAT);
      Tensor w = model.stateDict().get("model.0.conv.weight");
      assertThat(torch.equal(ckpt.stateDict().get("model.0.conv.weight"), w)).isTrue();
      assertThat(ckpt.names()).containsExactly("class0", "class1", "class2");
    }
  }

  @Test
  void inconsistentMetadataIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path pt = dir.resolve("bad.pt");
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml("yolov8n.yaml", 8);
      assertThatThrownBy(() -> CheckpointWriter.write(pt, model,
          CheckpointMeta.finalCheckpoint().names(List.of("a", "b")).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("checkpoint names has 2 entries but the model has nc=8");
      assertThatThrownBy(() -> CheckpointWriter.write(pt, model, CheckpointMeta.finalCheckpoint()
          .yaml(yolov8Yaml("s")).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("model YAML (yaml_file yolov8s.yaml) does not describe the model being saved: scale [depth,"
              + " width, max_channels] is [0.33, 0.5, 1024.0] but the model has [0.33, 0.25, 1024.0]");
      model.fuse();
      assertThatThrownBy(() -> CheckpointWriter.write(pt, model, CheckpointMeta.finalCheckpoint().build()))
          .hasMessage("cannot save a fused model (BatchNorms folded into convolutions): save it before fuse(), as"
              + " Ultralytics saves the unfused EMA");
      assertThat(pt).doesNotExist();
      try (var files = Files.list(dir)) {
        assertThat(files).isEmpty();
      }
    }
    assertThatThrownBy(() -> CheckpointMeta.finalCheckpoint().updates(3))
        .hasMessage("EMA updates is only saved in training checkpoints; final checkpoints set it to None as"
            + " strip_optimizer does");
  }

  private static Map<String, Object> yolov8Yaml(String scale) {
    try (var in = CheckpointWriterTest.class.getResourceAsStream("/dev/yolojava/core/models/yolov8.yaml")) {
      Map<String, Object> y = new LinkedHashMap<>(dev.yolojava.core.nn.ModelConfig.parseYaml(in, "yolov8.yaml"));
      y.put("scale", scale);
      y.put("yaml_file", "yolov8" + scale + ".yaml");
      return y;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
