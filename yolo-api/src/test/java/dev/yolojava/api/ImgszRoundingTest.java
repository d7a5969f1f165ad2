package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imgsz that is not a multiple of the model's stride is rounded up as Ultralytics' check_imgsz does (500 becomes
 * 512), in predict, val, export and train, instead of failing inside the model with
 * {@code Sizes of tensors must match ...}.
 */
class ImgszRoundingTest {
  @TempDir Path tmp;
  private String cacheDir;

  /** Synthetic data sets go to this test's folder, and the property is restored for the classes after it. */
  @BeforeEach
  void useOwnCache() {
    cacheDir = System.getProperty("yolo.cache.dir");
    System.setProperty("yolo.cache.dir", tmp.resolve("cache").toString());
  }

  @AfterEach
  void restoreCache() {
    if (cacheDir == null) {
      System.clearProperty("yolo.cache.dir");
    } else {
      System.setProperty("yolo.cache.dir", cacheDir);
    }
  }

  @Test
  void predictWithImgsz500GivesTheDetectionsOf512() throws Exception {
    Path image = Fixtures.val64().resolve("images/val/val_000000.jpg");
    BufferedImage full = ImageIO.read(image.toFile());
    BufferedImage crop = full.getSubimage(0, 0, 300, 200); // another shape: the batch is letterboxed to imgsz itself
    try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      List<Detections> odd = model.predict(List.of(image, crop), PredictConfig.builder().imgsz(500).build());
      List<Detections> even = model.predict(List.of(image, crop), PredictConfig.builder().imgsz(512).build());
      assertThat(odd).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(odd.get(i).size()).isEqualTo(even.get(i).size()).isPositive();
        for (int k = 0; k < odd.get(i).size(); k++) {
          assertThat(odd.get(i).boxes().get(k).xyxy()).containsExactly(even.get(i).boxes().get(k).xyxy());
        }
      }
    }
  }

  @Test
  void valAndExportRoundTheSizeToo() throws Exception {
    try (Yolo model = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      ValResults odd = model.val(ValConfig.builder().data("synthetic:train=8,val=8,size=96x96").imgsz(100)
          .batch(8).plots(false).build());
      ValResults even = model.val(ValConfig.builder().data("synthetic:train=8,val=8,size=96x96").imgsz(128)
          .batch(8).plots(false).build());
      assertThat(odd.map()).isCloseTo(even.map(), within(1e-9));
      Path onnx = model.export(Export.onnx().imgsz(330).file(tmp.resolve("m.onnx")));
      assertThat(onnx).exists();
      try (Yolo exported = Yolo.load(onnx)) {
        assertThat(exported.predict(Fixtures.val64().resolve("images/val/val_000001.jpg"))).hasSize(1);
      }
    }
  }

  @Test
  void trainWithImgsz100TrainsAt128(@TempDir Path dir) throws Exception {
    try (Yolo model = Yolo.create("yolov8n.yaml", 8)) {
      TrainResults r = model.train(TrainConfig.builder().data("synthetic:train=8,val=4,size=96x96").epochs(1).batch(4)
          .imgsz(100).workers(1).device("cpu").plots(false).project(dir.toString()).name("odd").build());
      assertThat(Files.readString(r.saveDir().resolve("args.yaml"))).contains("imgsz: 128");
    }
  }
}
