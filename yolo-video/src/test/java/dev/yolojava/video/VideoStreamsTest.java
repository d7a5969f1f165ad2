package dev.yolojava.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.api.Detection;
import dev.yolojava.api.Detections;
import dev.yolojava.api.FrameReader;
import dev.yolojava.api.Fixtures;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.StreamResults;
import dev.yolojava.api.StreamStats;
import dev.yolojava.api.VideoFrame;
import dev.yolojava.api.VideoIo;
import dev.yolojava.api.Yolo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three short videos made with FFmpeg, predicted on together ({@code Yolo.stream}) by the eager model and by its
 * ONNX export: every frame of every file comes back exactly once, each file's in order, with the boxes that
 * per-image predict gives on the same decoded frames; a corrupt file fails alone.
 */
class VideoStreamsTest {
  private static final int[] FRAMES = {7, 10, 12};
  @TempDir static Path dir;
  private static List<String> videos;

  @BeforeAll
  static void makeVideos() throws Exception {
    videos = new ArrayList<>();
    for (int v = 0; v < FRAMES.length; v++) {
      videos.add(TestVideos.mp4(dir.resolve("v" + v + ".mp4"), FRAMES[v], v * 3).toString());
    }
  }

  private static PredictConfig cfg() {
    return PredictConfig.builder().imgsz(320).batch(4).build();
  }

  /** Per-image predict, batch 1, on every frame as FFmpeg decodes it. */
  private static Map<String, List<Detections>> perFrame(Yolo model) {
    Map<String, List<Detections>> out = new HashMap<>();
    VideoIo io = VideoIo.find();
    PredictConfig one = PredictConfig.builder().imgsz(320).batch(1).build();
    for (String v : videos) {
      List<Detections> list = new ArrayList<>();
      try (FrameReader r = io.open(v)) {
        for (FrameReader.Frame f; (f = r.read()) != null; ) {
          try (Mat m = f.bgr()) {
            list.add(model.predict(m, one).get(0));
          }
        }
      }
      out.put(v, list);
    }
    return out;
  }

  @Test
  void everyFrameOnceInOrderWithPerImageBoxesEagerAndOnnx() throws Exception {
    Path pt = Fixtures.file("yolov8n-synth.pt");
    try (Yolo eager = Yolo.load(pt)) {
      Map<String, List<Detections>> want = perFrame(eager);
      for (int v = 0; v < FRAMES.length; v++) {
        assertThat(want.get(videos.get(v))).hasSize(FRAMES[v]);
      }
      assertThat(want.values().stream().flatMap(List::stream).mapToInt(Detections::size).sum())
          .as("the synthetic shapes are found").isGreaterThan(20);
      checkStream(eager, want);

      Path onnx = eager.export(Map.of("format", "onnx", "dynamic", true, "file", dir.resolve("m.onnx").toString()));
      try (Yolo exported = Yolo.load(onnx)) {
        checkStream(exported, want);
      }
    }
  }

  private static void checkStream(Yolo model, Map<String, List<Detections>> want) {
    Map<Integer, List<Detections>> got = new HashMap<>();
    List<StreamStats> stats;
    try (StreamResults results = model.stream(videos, cfg())) {
      results.forEachRemaining(d -> got.computeIfAbsent(d.frame().orElseThrow().stream(), k -> new ArrayList<>())
          .add(d));
      stats = results.stats();
    }
    for (int v = 0; v < videos.size(); v++) {
      List<Detections> mine = got.get(v);
      List<Detections> ref = want.get(videos.get(v));
      assertThat(mine).as("video %s", v).hasSize(ref.size());
      for (int i = 0; i < mine.size(); i++) {
        VideoFrame f = mine.get(i).frame().orElseThrow();
        assertThat(f.index()).as("video %s result %s", v, i).isEqualTo(i);
        assertThat(f.source()).isEqualTo(videos.get(v));
        assertThat(f.frames()).isEqualTo(FRAMES[v]);
        assertThat(f.timestampMicros()).isEqualTo(i * 100_000L);
        sameBoxes(mine.get(i), ref.get(i), "video " + v + " frame " + i);
      }
      StreamStats s = stats.get(v);
      assertThat(s.predicted()).isEqualTo(FRAMES[v]);
      assertThat(s.decoded()).isEqualTo(FRAMES[v]);
      assertThat(s.dropped()).isZero();
      assertThat(s.error()).isNull();
      assertThat(s.latencyP99Ms()).isGreaterThanOrEqualTo(s.latencyP50Ms()).isPositive();
    }
  }

  /** The same boxes in the same order (batches of 4 frames against batches of 1: float rounding only). */
  static void sameBoxes(Detections got, Detections want, String what) {
    assertThat(got.size()).as(what).isEqualTo(want.size());
    for (int k = 0; k < want.size(); k++) {
      Detection a = got.boxes().get(k);
      Detection b = want.boxes().get(k);
      assertThat(a.classId()).as(what).isEqualTo(b.classId());
      assertThat(a.conf()).as(what).isCloseTo(b.conf(), org.assertj.core.data.Offset.offset(2e-3f));
      assertThat(iou(a, b)).as(what + " box " + k).isGreaterThan(0.995);
    }
  }

  static double iou(Detection a, Detection b) {
    double iw = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
    double ih = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
    double inter = iw * ih;
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
  }

  @Test
  void aCorruptVideoFailsAloneAndTheOthersGoOn() throws Exception {
    Path broken = dir.resolve("broken.mp4");
    byte[] junk = new byte[20_000];
    new java.util.Random(1).nextBytes(junk);
    Files.write(broken, junk);
    List<String> sources = List.of(videos.get(0), broken.toString(), videos.get(1));
    try (Yolo model = Yolo.create("yolov8n.yaml", 8);
        StreamResults results = model.stream(sources, PredictConfig.builder().imgsz(160).batch(4).build())) {
      int[] count = new int[3];
      results.forEachRemaining(d -> count[d.frame().orElseThrow().stream()]++);
      assertThat(count).containsExactly(FRAMES[0], 0, FRAMES[1]);
      StreamStats bad = results.stats().get(1);
      assertThat(bad.error()).startsWith("cannot open video '" + broken + "'");
      assertThat(results.stats().get(0).error()).isNull();
    }
  }

  @Test
  void aSingleCorruptVideoIsAClearError() throws Exception {
    Path broken = dir.resolve("alone.mp4");
    Files.write(broken, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
    try (Yolo model = Yolo.create("yolov8n.yaml", 8)) {
      assertThatThrownBy(() -> model.predict(broken.toString()))
          .hasMessageStartingWith("cannot open video '" + broken + "'");
    }
  }

  @Test
  void keptFramesPlotAndUnkeptOnesSaySo() {
    try (Yolo model = Yolo.create("yolov8n.yaml", 8)) {
      PredictConfig cfg = PredictConfig.builder().imgsz(160).conf(0.0).maxDet(2).build();
      Detections kept = model.predict(videos.get(0), cfg.toBuilder().keepFrames(true).build()).get(3);
      java.awt.image.BufferedImage a = kept.plot();
      java.awt.image.BufferedImage b = kept.image();
      assertThat(a.getWidth()).isEqualTo(320);
      assertThat(b.getHeight()).isEqualTo(240);
      assertThat(kept.size()).isPositive();
      assertThat(differing(a, b)).as("the boxes are drawn").isPositive();
      assertThat(differing(kept.image(), b)).as("plot drew on a copy, not on the kept frame").isZero();
      Detections bare = model.predict(videos.get(0), cfg).get(3);
      assertThatThrownBy(bare::plot).hasMessageContaining("keepFrames(true)");
    }
  }

  private static int differing(java.awt.image.BufferedImage a, java.awt.image.BufferedImage b) {
    int n = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        n += a.getRGB(x, y) != b.getRGB(x, y) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void predictOnAVideoGivesEveryFrameAndVidStrideEveryNth() {
    try (Yolo model = Yolo.create("yolov8n.yaml", 8)) {
      List<Detections> all = model.predict(videos.get(1), PredictConfig.builder().imgsz(160).build());
      assertThat(all).extracting(d -> d.frame().orElseThrow().index())
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      List<Detections> strided = model.predict(videos.get(1),
          PredictConfig.builder().imgsz(160).vidStride(3).build());
      // as Ultralytics' loader: of every 3 frames, the third
      assertThat(strided).extracting(d -> d.frame().orElseThrow().index()).containsExactly(2L, 5L, 8L);
      assertThat(strided.get(0).frame().orElseThrow().frames()).isEqualTo(3);
    }
  }
}
