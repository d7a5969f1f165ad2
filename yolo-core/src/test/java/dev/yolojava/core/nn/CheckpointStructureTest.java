package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.Checkpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A graph built from a real checkpoint's embedded YAML declares exactly the checkpoint's state-dict keys, in the
 * same order, with the same shapes.
 */
class CheckpointStructureTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "yolo26n-coco-structure.pkl, 708, 2572280, 80",
    "yolov8n-synth.pt, 355, 3012408, 8",
    "yolo26n-synth.pt, 708, 2506920, 8",
  })
  void graphDeclaresTheCheckpointsKeysAndShapes(String file, int entries, long params, int nc) throws IOException {
    Checkpoint ckpt =
        file.endsWith(".pkl") ? Checkpoint.loadPickle(NnFixtures.file(file)) : Checkpoint.load(NnFixtures.file(file));
    LinkedHashMap<String, long[]> expected = ckpt.stateDictShapes();
    try (PointerScope scope = new PointerScope()) {
      DetectionModel model = DetectionModel.fromYaml(ckpt.yaml(), 0);
      LinkedHashMap<String, long[]> actual = model.stateDictShapes();

      assertThat(new ArrayList<>(actual.keySet())).containsExactlyElementsOf(expected.keySet());
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        assertThat(actual.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
      }
      assertThat(actual).hasSize(entries);
      assertThat(model.nc()).isEqualTo(nc);
      // the checkpoint's parameters are its entries minus BatchNorm running statistics
      long declared =
          expected.entrySet().stream()
              .filter(e -> !e.getKey().endsWith(".running_mean"))
              .filter(e -> !e.getKey().endsWith(".running_var"))
              .filter(e -> !e.getKey().endsWith(".num_batches_tracked"))
              .mapToLong(e -> numel(e.getValue()))
              .sum();
      assertThat(declared).isEqualTo(params);
      assertThat(model.parameterCount()).isEqualTo(params);
    }
  }

  private static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
