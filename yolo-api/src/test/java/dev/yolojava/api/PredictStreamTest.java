package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code predictStream} yields lazily, in order, exactly what {@code predict} returns for the same inputs. */
class PredictStreamTest {
  private static BufferedImage image(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(40 * seed % 255, 90, 200));
    g.fillRect(seed * 5, seed * 3, w / 2, h / 3);
    g.dispose();
    return img;
  }

  @Test
  void streamEqualsListPredictInOrder() {
    List<BufferedImage> images = new ArrayList<>();
    int[][] sizes = {{96, 64}, {96, 64}, {50, 70}, {96, 64}, {120, 40}};
    for (int i = 0; i < sizes.length; i++) {
      images.add(image(sizes[i][0], sizes[i][1], i));
    }
    PredictConfig cfg = PredictConfig.builder().imgsz(64).conf(0.0).maxDet(5).batch(2).build();
    try (Yolo model = Yolo.create("yolov8n.yaml", 3)) {
      List<Detections> want = model.predict(images, cfg);
      List<Detections> got;
      try (Stream<Detections> s = model.predictStream(images.stream().map(Object.class::cast), cfg)) {
        got = s.toList();
      }
      assertThat(got).hasSize(5);
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i).width()).isEqualTo(sizes[i][0]);
        assertThat(got.get(i).height()).isEqualTo(sizes[i][1]);
        assertThat(got.get(i).size()).isBetween(1, 5);
        assertThat(got.get(i).boxes()).isEqualTo(want.get(i).boxes());
      }
    }
  }
}
