package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.engine.ValOptions;
import dev.yolojava.core.engine.ValidationResult;
import dev.yolojava.core.engine.Validator;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation parity with Ultralytics 8.4.90 on the 64-image fixture subset (CPU fp32, imgsz 640, batch 16). */
class ValParityTest {
  private static final double TOL = 5e-4;

  static Path val64Yaml() throws Exception {
    return Fixtures.val64Yaml();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yolov8n-synth", "yolo26n-synth"})
  void metricsMatchUltralytics(String name) throws Exception {
    String b = block(Fixtures.file("val64-metrics.json"), name + ":val64");
    try (Yolo model = Yolo.load(Fixtures.file(name + ".pt"))) {
      ValResults r = model.val(val64Yaml().toString(), ValOptions.defaults().withWorkers(2).withVerbose(false));
      System.out.printf("%s val64: %s (Ultralytics %s / %s / %s / %s)%n", name, r, number(b, "map50_95"),
          number(b, "map50"), number(b, "mp"), number(b, "mr"));
      assertThat(r.map()).isCloseTo(number(b, "map50_95"), within(TOL));
      assertThat(r.map50()).isCloseTo(number(b, "map50"), within(TOL));
      assertThat(r.mp()).isCloseTo(number(b, "mp"), within(TOL));
      assertThat(r.mr()).isCloseTo(number(b, "mr"), within(TOL));
      List<Double> perClass = numbers(b.substring(b.indexOf("per_class_map50_95")));
      assertThat(perClass).hasSize(8);
      for (int c = 0; c < 8; c++) {
        assertThat(r.maps()[c]).as("class %s mAP50-95", c).isCloseTo(perClass.get(c), within(TOL));
      }
    }
  }

  @Test
  void threeUnevenShardsMergeToTheSingleePassBitForBit() throws Exception {
    try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      ValOptions o = ValOptions.defaults().withWorkers(2).withVerbose(false);
      DataConfig cfg = DataConfig.load(val64Yaml());
      try (YoloDataset ds = YoloDataset.open(cfg, Split.VAL, DatasetOptions.of(640).withCache(CacheMode.NONE))) {
        Validator v = new Validator(model.unwrap());
        ValidationResult single = v.validate(ds, o, 0, 1);
        // 64 images in batches of 16 are 4 batches: shards of 2, 1 and 1 batches.
        List<BoxStats> shards = List.of(
            v.validate(ds, o, 0, 3).stats(), v.validate(ds, o, 1, 3).stats(), v.validate(ds, o, 2, 3).stats());
        assertThat(shards.stream().mapToInt(BoxStats::numImages).boxed().toList()).containsExactly(32, 16, 16);
        DetMetrics merged = DetMetrics.compute(BoxStats.merge(List.of(shards.get(2), shards.get(0), shards.get(1))),
            model.names());
        assertThat(merged.toJson()).isEqualTo(single.metrics().toJson());
        assertThat(merged.map()).isEqualTo(single.metrics().map());
        assertThat(merged.maps()).isEqualTo(single.metrics().maps());
      }
    }
  }

  /** The body of the {@code "name": {...}} entry of a metrics JSON file (fixtures and references). */
  static String block(java.nio.file.Path json, String name) throws java.io.IOException {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\\{(.*?)\\}", Pattern.DOTALL)
        .matcher(Files.readString(json));
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  static double number(String block, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE]+)").matcher(block);
    assertThat(m.find()).as("key %s in fixture", key).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static List<Double> numbers(String s) {
    Matcher m = Pattern.compile("-?\\d+\\.\\d+").matcher(s.substring(0, s.indexOf(']')));
    List<Double> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out;
  }
}
