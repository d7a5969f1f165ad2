package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.io.CheckpointMeta;
import dev.yolojava.core.io.CheckpointWriter;
import dev.yolojava.core.nn.DetectionModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' {@code YOLO("x.pt").train(...)} flow through the facade: a loaded checkpoint trains (it used to be
 * fused on load, and the EMA copy failed on the missing batch-norm keys), the object then holds {@code best.pt}, and
 * a checkpoint of another class count is fine-tuned with its head rebuilt for the data's classes.
 */
class FineTuneTest {
  private static final String DATA = "synthetic:train=8,val=4,seed=3,size=96x96";

  private static TrainConfig tiny(Path dir, String name) {
    return TrainConfig.builder().data(DATA).epochs(1).batch(4).imgsz(96).workers(1).device("cpu").plots(false)
        .project(dir.toString()).name(name).build();
  }

  @Test
  void aLoadedCheckpointTrainsAndThenPredictsWithBestPt(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    try {
      Path image = Fixtures.val64().resolve("images/val/val_000001.jpg");
      PredictConfig cfg = PredictConfig.builder().imgsz(96).conf(0.001).build();
      try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
        model.predict(image, cfg); // predict first: its fused copy must not touch the trainable model
        TrainResults r = model.train(tiny(dir, "ft"));

        Map<String, Tensor> held = model.unwrap().net().stateDict();
        Checkpoint best = Checkpoint.load(r.best());
        Map<String, Tensor> saved = best.stateDict();
        assertThat(held.keySet()).isEqualTo(saved.keySet());
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
          assertThat(torch.equal(held.get(e.getKey()).to(torch.ScalarType.Float), e.getValue().to(
              torch.ScalarType.Float))).as("%s is best.pt's", e.getKey()).isTrue();
        }
        try (Yolo fresh = Yolo.load(r.best())) {
          assertThat(rows(model.predict(image, cfg))).isEqualTo(rows(fresh.predict(image, cfg)));
        }
        try (Yolo original = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
          assertThat(rows(model.predict(image, cfg))).isNotEqualTo(rows(original.predict(image, cfg)));
        }
      }
    } finally {
      System.clearProperty("yolo.cache.dir");
    }
  }

  @Test
  void an80ClassCheckpointFineTunesOnEightClassesWithItsHeadRebuilt(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    Path ckpt = dir.resolve("yolo26n-80.pt");
    List<String> coco = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      coco.add("coco" + i);
    }
    try (PointerScope scope = new PointerScope()) {
      DetectionModel net = DetectionModel.fromYaml("yolo26n.yaml", 80);
      CheckpointWriter.write(ckpt, net, CheckpointMeta.finalCheckpoint().names(coco).build());
    }
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(YoloModel.class);
    log.start();
    logger.addAppender(log);
    try (Yolo model = Yolo.load(ckpt)) {
      assertThat(model.names()).hasSize(80);
      TrainResults r = model.train(tiny(dir, "coco-to-synth"));

      List<String> dataNames = Dataset.of(DATA).names();
      assertThat(dataNames).hasSize(8);
      Matcher m = log.list.stream().map(ILoggingEvent::getFormattedMessage)
          .map(Pattern.compile("Transferred (\\d+)/(\\d+) items .*from pretrained weights")::matcher)
          .filter(Matcher::find).findFirst().orElseThrow(() -> new AssertionError("no transfer line in " + log.list));
      int transferred = Integer.parseInt(m.group(1));
      int total = Integer.parseInt(m.group(2));
      // what was not transferred is what changed shape: the class branches (their width is max(c, min(nc, 100)),
      // so all of their layers, as in Ultralytics' "Transferred 319/355 items" for yolov8n on custom classes)
      Map<String, long[]> before = shapes(Checkpoint.load(ckpt).stateDict());
      Map<String, long[]> after = shapes(Checkpoint.load(r.best()).stateDict());
      List<String> reshaped = before.keySet().stream()
          .filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k))).toList();
      assertThat(after.keySet()).isEqualTo(before.keySet());
      assertThat(total).isEqualTo(after.size());
      assertThat(total - transferred).isEqualTo(reshaped.size()).isPositive();
      assertThat(reshaped).allMatch(k -> k.contains(".cv3.") || k.contains(".one2one_cv3."), "a class branch key");
      assertThat(Checkpoint.load(r.best()).names()).isEqualTo(dataNames);
      assertThat(model.names()).isEqualTo(dataNames);
      assertThat(model.unwrap().net().nc()).isEqualTo(8);
      assertThat(model.predict(Dataset.of(DATA).val(), PredictConfig.builder().imgsz(96).build())).hasSize(4);
    } finally {
      logger.detachAppender(log);
      System.clearProperty("yolo.cache.dir");
    }
  }

  private static Map<String, long[]> shapes(Map<String, Tensor> sd) {
    Map<String, long[]> out = new java.util.LinkedHashMap<>();
    sd.forEach((k, v) -> out.put(k, v.sizes().vec().get()));
    return out;
  }

  private static List<String> rows(List<Detections> dets) {
    List<String> out = new ArrayList<>();
    for (Detections d : dets) {
      for (Detection b : d.boxes()) {
        out.add(String.format(java.util.Locale.ROOT, "%.3f %.3f %.3f %.3f %.4f %d", b.x1(), b.y1(), b.x2(), b.y2(),
            b.conf(), b.classId()));
      }
    }
    return out;
  }
}
