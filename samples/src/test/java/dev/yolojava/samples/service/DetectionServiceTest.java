package dev.yolojava.samples.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.Yolo;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.Split;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Many concurrent POSTs to one shared model answer exactly what a direct predict returns. */
class DetectionServiceTest {
  @Test
  void concurrentRequestsMatchDirectPredict() throws Exception {
    Path fixtures = Paths.get(System.getProperty("yolo.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    Path weights = fixtures.resolve("yolov8n-synth.pt");
    Assumptions.assumeTrue(Files.exists(weights), "fixtures not found at " + fixtures + ": skipping service test");
    Path dir = DataConfig.resolve("synthetic:train=1,val=4,seed=0,size=160x120").split(Split.VAL).get(0);
    List<Path> images;
    try (var files = Files.list(dir)) {
      images = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    }
    assertThat(images).hasSize(4);
    PredictConfig cfg = PredictConfig.builder().imgsz(160).build();
    try (Yolo model = Yolo.load(weights);
        DetectionService service =
            DetectionService.start(model, cfg, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4)) {
      List<String> expected = new ArrayList<>();
      for (Path p : images) {
        expected.add(model.predict(Files.readAllBytes(p), cfg).get(0).toJson());
      }
      assertThat(expected).anyMatch(j -> j.contains("\"confidence\""));
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + service.address().getPort() + "/predict");
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (Path p : images) {
          calls.add(client.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofFile(p)).build(),
              HttpResponse.BodyHandlers.ofString()));
        }
      }
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> r = calls.get(i).get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(expected.get(i % images.size()));
      }
      HttpResponse<String> bad = client.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(405);
      assertThat(bad.body()).isEqualTo("{\"error\": \"method GET not allowed: expected POST\"}");
    }
  }
}
