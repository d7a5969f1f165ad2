package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One {@link Yolo} shared by 8 threads predicting at once gives exactly the sequential results. */
class ConcurrentPredictTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 1;

  @Test
  void eightThreadsSharingOneModelMatchSequentialCalls() throws Exception {
    List<Path> images;
    try (Stream<Path> s = Files.walk(Fixtures.val64())) {
      images = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().limit(8)
          .toList();
    }
    assertThat(images).hasSize(8);
    PredictConfig cfg = PredictConfig.builder().imgsz(320).conf(0.05).build();
    try (Yolo yolo = Yolo.load(Fixtures.file("yolov8n-synth.pt"))) {
      List<String> sequential = new ArrayList<>();
      int boxes = 0;
      for (Path p : images) {
        Detections d = yolo.predict(p, cfg).get(0);
        boxes += d.size();
        sequential.add(d.toJson());
      }
      assertThat(boxes).as("sequential boxes (the comparison must not be vacuous)").isGreaterThan(8);

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int offset = t;
          futures.add(pool.submit(() -> {
            // each thread walks the images in its own rotated order so that different images overlap in time
            String[] out = new String[images.size() * ROUNDS];
            for (int k = 0; k < out.length; k++) {
              int i = (k + offset * 3) % images.size();
              out[k] = i + "\n" + yolo.predict(images.get(i), cfg).get(0).toJson();
            }
            return List.of(out);
          }));
        }
        for (Future<List<String>> f : futures) {
          for (String r : f.get()) {
            int nl = r.indexOf('\n');
            assertThat(r.substring(nl + 1)).isEqualTo(sequential.get(Integer.parseInt(r.substring(0, nl))));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
