package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * predict's decode workers live with the model: repeated calls (with different options) reuse them, a stream closed
 * early leaves the model usable, and {@link Yolo#close()} ends them.
 */
class PredictWorkersTest {
  private static Set<Thread> workers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("yolo-predict-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static List<List<Detection>> boxes(List<Detections> d) {
    return d.stream().map(Detections::boxes).toList();
  }

  @Test
  void callsShareOneWorkerPoolThatCloseEnds() throws Exception {
    Set<Thread> before = workers();
    List<BufferedImage> images = List.of(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB),
        new BufferedImage(40, 64, BufferedImage.TYPE_INT_RGB), new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB));
    PredictConfig small = PredictConfig.builder().imgsz(64).conf(0.0).maxDet(3).batch(2).build();
    PredictConfig other = PredictConfig.builder().imgsz(96).conf(0.0).maxDet(2).batch(1).build();
    Yolo model = Yolo.create("yolov8n.yaml", 3);
    try {
      List<Detections> first = model.predict(images, small);
      assertThat(first.stream().mapToInt(Detections::size).sum()).as("boxes to compare").isGreaterThan(0);
      Set<Thread> mine = workers();
      mine.removeAll(before);
      assertThat(mine).as("worker threads after the first call").isNotEmpty();
      for (int i = 0; i < 4; i++) {
        assertThat(boxes(model.predict(images, small))).isEqualTo(boxes(first));
        List<Detections> o = model.predict(images, other);
        assertThat(o).hasSize(3).allSatisfy(d -> assertThat(d.size()).isLessThanOrEqualTo(2));
      }
      Set<Thread> after = workers();
      after.removeAll(before);
      assertThat(after).as("no new worker threads across calls").isSubsetOf(mine);

      // a stream abandoned after one result: the next calls still get every image
      try (Stream<Detections> s = model.predictStream(images.stream().map(Object.class::cast), small)) {
        Iterator<Detections> it = s.iterator();
        assertThat(it.next().width()).isEqualTo(64);
      }
      assertThat(boxes(model.predict(images, small))).isEqualTo(boxes(first));
    } finally {
      model.close();
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    Set<Thread> left = workers();
    left.removeAll(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = workers();
      left.removeAll(before);
    }
    assertThat(left).as("worker threads still alive after close").isEmpty();
  }
}
