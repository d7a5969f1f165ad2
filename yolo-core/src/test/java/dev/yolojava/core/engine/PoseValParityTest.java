package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.core.metrics.PoseMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code val} of the fixture pose checkpoint (CPU, fp32, imgsz 640, conf 0.001, iou 0.7) gives Ultralytics 8.4.90's box
 * and pose metrics: on the four fixture images at batch 4 ({@code fixtures/pose/pose-val4.json}, made by
 * {@code bench/pose_val_fixture.py}), always; and on the first 64 val images of the synthetic pose set at batch 16
 * ({@code fixtures/pose/yolov8-pose-fx-synth-val64.json}) when that set is on this machine: remake it with
 * {@code python3 bench/synth_tasks.py DIR --task pose --train 0 --val 64} and pass its data.yaml as
 * {@code -Dyolo.poseVal64=DIR/data.yaml} (or the environment's {@code YOLO_POSE_VAL64}); skipped otherwise.
 */
class PoseValParityTest {
  private static final double TOL = 5e-4;

  @TempDir Path tmp;

  @Test
  void valOfTheFixtureCheckpointIsUltralytics() throws Exception {
    Map<String, Object> want = new org.yaml.snakeyaml.Yaml().load(PoseValFixtures.json("pose-val4.json"));
    String data = PoseValFixtures.dataset(tmp).toString();
    ValOptions o = new ValOptions(640, 4, 0.001f, 0.7f, 300, false, false, 1, false, null, false, List.of());
    try (YoloModel loaded = YoloModel.load(PoseValFixtures.dir().resolve("yolov8-pose-fx-synth.pt"));
        YoloModel model = loaded.fusedCopy()) {
      ValidationResult r = new Validator(model).validate(data, o);
      check(r, want, "four images");
      assertThat(r.stats().images()).allSatisfy(i -> assertThat(i.hasTaskTp()).isTrue());
      // two ranks, each a shard of the images, merge into the same box and pose metrics (the ranks run copies of the
      // unfused model: confidences may differ from the fused one's in the last float bits)
      ValidationResult two = DistributedValidation.validateInThreads(loaded, data, o,
          List.of(dev.yolojava.cuda.Device.CPU, dev.yolojava.cuda.Device.CPU), java.time.Duration.ofSeconds(300));
      // (those last bits move P and R at the max-F1 confidence by ~1e-6 on some CPUs: 2e-5 leaves room for that only)
      for (int k = 0; k < 8; k++) {
        assertThat(two.pose().meanResults()[k]).as("two ranks: %s", PoseMetrics.KEYS.get(k))
            .isCloseTo(r.pose().meanResults()[k], within(2e-5));
      }
      assertThat(two.stats().numImages()).isEqualTo(4);
      // with the training loss (as validation inside training runs): the pose loss items, and the same metrics
      dev.yolojava.core.loss.DetectionLoss loss = dev.yolojava.core.loss.DetectionLoss.forModel(loaded.net(),
          dev.yolojava.core.loss.LossHyperParameters.defaults());
      dev.yolojava.data.DataConfig cfg = dev.yolojava.data.DataConfig.resolve(data);
      Validator v = new Validator(loaded);
      try (dev.yolojava.data.YoloDataset ds = dev.yolojava.data.YoloDataset.open(cfg, dev.yolojava.data.Split.VAL,
          v.datasetOptions(cfg, dev.yolojava.data.DatasetOptions.of(640)))) {
        ValidationResult withLoss = v.validate(ds, o, 0, 1, loss);
        assertThat(loss.itemNames()).containsExactly("box_loss", "pose_loss", "kobj_loss", "cls_loss", "dfl_loss");
        assertThat(withLoss.valLoss()).hasSize(5);
        for (double x : withLoss.valLoss()) {
          assertThat(x).isPositive().isFinite();
        }
        for (int k = 0; k < 8; k++) {
          assertThat(withLoss.pose().meanResults()[k]).as("with the loss: %s", PoseMetrics.KEYS.get(k))
              .isCloseTo(two.pose().meanResults()[k], within(1e-6));
        }
      }
    }
  }

  @Test
  void valOn64ImagesIsUltralytics() throws Exception {
    String yaml = System.getProperty("yolo.poseVal64", System.getenv("YOLO_POSE_VAL64"));
    Assumptions.assumeTrue(yaml != null && Files.isRegularFile(Path.of(yaml)),
        "the 64-image pose set is not here: make it with bench/synth_tasks.py --task pose --train 0 --val 64 and"
            + " pass -Dyolo.poseVal64=DIR/data.yaml");
    Map<String, Object> ref = new org.yaml.snakeyaml.Yaml().load(PoseValFixtures.json(
        "yolov8-pose-fx-synth-val64.json"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> m = (Map<String, Map<String, Double>>) ref.get("metrics");
    ValOptions o = new ValOptions(640, 16, 0.001f, 0.7f, 300, false, false, 2, false, null, false, List.of());
    try (YoloModel loaded = YoloModel.load(PoseValFixtures.dir().resolve("yolov8-pose-fx-synth.pt"));
        YoloModel model = loaded.fusedCopy()) {
      ValidationResult r = new Validator(model).validate(yaml, o);
      assertThat(r.stats().numImages()).isEqualTo(64);
      PoseMetrics p = r.pose();
      for (String kind : List.of("box", "pose")) {
        var d = kind.equals("box") ? p.box() : p.pose();
        Map<String, Double> w = m.get(kind);
        // the reference has 5 decimals: its rounding adds at most 5e-6
        assertThat(d.map()).as("%s mAP50-95", kind).isCloseTo(w.get("map50_95"), within(TOL));
        assertThat(d.map50()).as("%s mAP50", kind).isCloseTo(w.get("map50"), within(TOL));
        assertThat(d.mp()).as("%s P", kind).isCloseTo(w.get("mp"), within(TOL));
        assertThat(d.mr()).as("%s R", kind).isCloseTo(w.get("mr"), within(TOL));
      }
      System.out.printf(java.util.Locale.ROOT, "pose val parity (64 images): box %s pose %s (Ultralytics %s)%n",
          java.util.Arrays.toString(java.util.Arrays.copyOf(p.meanResults(), 4)),
          java.util.Arrays.toString(java.util.Arrays.copyOfRange(p.meanResults(), 4, 8)), m);
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(ValidationResult r, Map<String, Object> want, String what) {
    int n = 0;
    int tp = 0;
    int tpP = 0;
    for (ImageStats image : r.stats().images()) {
      n += image.numPredictions();
      tp += count(image.tp());
      tpP += count(image.taskTp());
    }
    assertThat(n).as("%s: predictions after NMS", what).isEqualTo(want.get("predictions"));
    assertThat(tp).as("%s: correct (prediction, threshold) pairs by box IoU", what).isEqualTo(want.get("tp_sum"));
    assertThat(tpP).as("%s: correct pairs by keypoint OKS", what).isEqualTo(want.get("tp_p_sum"));
    PoseMetrics p = r.pose();
    assertThat(p).as("a pose model's result has pose metrics").isNotNull();
    assertThat(r.segment()).isNull();
    double[] got = p.meanResults();
    List<Double> box = (List<Double>) want.get("box");
    List<Double> pose = (List<Double>) want.get("pose");
    for (int k = 0; k < 4; k++) {
      assertThat(got[k]).as("%s: %s", what, PoseMetrics.KEYS.get(k)).isCloseTo(box.get(k), within(TOL));
      assertThat(got[4 + k]).as("%s: %s", what, PoseMetrics.KEYS.get(4 + k)).isCloseTo(pose.get(k), within(TOL));
    }
    assertThat(r.fitness()).as("%s: fitness", what).isCloseTo((Double) want.get("fitness"), within(TOL));
    assertThat(r.metrics().map()).isEqualTo(p.box().map());
    System.out.printf(java.util.Locale.ROOT, "pose val parity (%s): box %s pose %s (Ultralytics box %s pose %s)%n",
        what, java.util.Arrays.toString(java.util.Arrays.copyOf(got, 4)),
        java.util.Arrays.toString(java.util.Arrays.copyOfRange(got, 4, 8)), box, pose);
  }

  private static int count(boolean[][] m) {
    int c = 0;
    for (boolean[] row : m) {
      for (boolean b : row) {
        c += b ? 1 : 0;
      }
    }
    return c;
  }
}
