package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources of every accepted kind, and clear errors for bad ones (no fixtures needed: an untrained model). */
class PredictInputsTest {
  private static Yolo tiny() {
    return Yolo.create("yolov8n.yaml", 3);
  }

  /**
   * An image URL, as Ultralytics' predict takes it: downloaded once into the working directory under the URL's file
   * name (query dropped), then found there locally. (It stopped with 'URLs are not in this build'.)
   */
  @Test
  void imageUrlsAreDownloadedOnceIntoTheWorkingDirectory(@TempDir Path dir) throws Exception {
    BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream jpg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", jpg);
    byte[] body = jpg.toByteArray();
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(200, body.length);
      try (var out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    String name = "yolo-java-url-test-" + System.nanoTime() + ".jpg";
    Path local = Path.of(name).toAbsolutePath();
    try (Yolo model = tiny()) {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/images/" + name + "?raw=true";
      PredictConfig small = PredictConfig.builder().imgsz(64).build();
      List<Detections> first = model.predict(url, small);
      assertThat(first).singleElement().satisfies(d -> {
        assertThat(d.source()).isEqualTo(local.toString());
        assertThat(d.width()).isEqualTo(96);
      });
      assertThat(Files.readAllBytes(local)).isEqualTo(body);
      assertThat(model.predict(url, small)).hasSize(1);
      assertThat(requests).hasValue(1); // the second call found the file locally
      assertThatThrownBy(() -> model.predict("rtsp://127.0.0.1/stream", small))
          .hasMessageContaining("videos, cameras and streams need the yolo-video module (FFmpeg)");
    } finally {
      server.stop(0);
      Files.deleteIfExists(local);
    }
  }

  @Test
  void acceptsBufferedImagesBytesDirectoriesAndGlobs(@TempDir Path dir) throws Exception {
    try (Yolo model = tiny()) {
      BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
      PredictConfig small = PredictConfig.builder().imgsz(64).conf(0.0).maxDet(5).build();
      List<Detections> one = model.predict(img, small);
      assertThat(one).hasSize(1);
      assertThat(one.get(0).width()).isEqualTo(96);
      assertThat(one.get(0).height()).isEqualTo(64);
      assertThat(one.get(0).size()).isBetween(1, 5);
      for (Detection d : one.get(0).boxes()) {
        assertThat(d.x1()).isBetween(0f, 96f);
        assertThat(d.y2()).isBetween(0f, 64f);
      }

      Path png = dir.resolve("a.png");
      javax.imageio.ImageIO.write(img, "png", png.toFile());
      Files.copy(png, dir.resolve("b.png"));
      Files.writeString(dir.resolve("notes.txt"), "ignored: not an image extension");
      assertThat(model.predict(Files.readAllBytes(png), small)).hasSize(1);
      assertThat(model.predict(dir.toString(), small)).extracting(Detections::source)
          .containsExactly(dir.resolve("a.png").toString(), dir.resolve("b.png").toString());
      assertThat(model.predict(dir + "/*.png", PredictConfig.builder().imgsz(64).batch(2).build())).hasSize(2);
    }
  }

  @Test
  void anUnreadableFileInAFolderIsSkippedAndTheRestPredicted(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectory(dir.resolve("images"));
    javax.imageio.ImageIO.write(new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB), "png",
        images.resolve("a.png").toFile());
    Files.writeString(images.resolve("b.jpg"), "<html>not an image</html>");
    Files.copy(images.resolve("a.png"), images.resolve("c.png"));
    try (Yolo model = tiny()) {
      List<Detections> out = model.predict(images.toString(), PredictConfig.builder().imgsz(64).batch(1).build());
      assertThat(out).extracting(Detections::source)
          .containsExactly(images.resolve("a.png").toString(), images.resolve("c.png").toString());
    }
  }

  @Test
  void nonImageFileGivesAClearError(@TempDir Path dir) throws Exception {
    Path fake = Files.writeString(dir.resolve("fake.jpg"), "<html>not an image</html>");
    try (Yolo model = tiny()) {
      assertThatThrownBy(() -> model.predict(fake))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("fake.jpg")
          .hasMessageContaining("not a supported image format");
      assertThatThrownBy(() -> model.predict(dir.resolve("missing.jpg")))
          .hasMessageContaining("source not found");
      assertThatThrownBy(() -> model.predict(42))
          .hasMessageContaining("unsupported source type java.lang.Integer");
    }
  }

  @Test
  void badModelFilesGiveClearErrors(@TempDir Path dir) throws Exception {
    Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
    assertThatThrownBy(() -> Yolo.load(empty)).hasMessageContaining("empty.pt");
    Path txt = Files.writeString(dir.resolve("model.onnx"), "x");
    assertThatThrownBy(() -> Yolo.load(txt)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot open ONNX model " + txt).hasMessageContaining("Protobuf parsing failed");
    Path bin = Files.writeString(dir.resolve("model.bin"), "x");
    assertThatThrownBy(() -> Yolo.load(bin)).hasMessageContaining("model.bin");
    assertThatThrownBy(() -> Yolo.load(dir.resolve("nope.pt").toString())).hasMessageContaining("not found");
  }
}
