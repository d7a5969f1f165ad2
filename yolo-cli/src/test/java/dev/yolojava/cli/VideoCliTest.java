package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.api.FrameReader;
import dev.yolojava.api.VideoIo;
import dev.yolojava.video.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code yolo predict} on a video file and on a {@code .streams} list, as Ultralytics prints and saves them. */
class VideoCliTest {
  @TempDir Path tmp;

  @Test
  void aVideoPrintsOneLinePerFrameAndSavesAnnotatedVideoLabelsAndFrames() throws Exception {
    Path fixture = dev.yolojava.api.Fixtures.file("yolov8n-synth.pt");
    Path video = TestVideos.mp4(tmp.resolve("clip.mp4"), 10, 0);
    YoloCliTest.Result r = YoloCliTest.cli("predict", "model=" + fixture, "source=" + video, "imgsz=320",
        "vid_stride=2", "save_txt", "save_frames", "project=" + tmp, "name=vid");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().filter(l -> l.startsWith("video ")).toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("video 1/1 (frame 1/5) " + video + ": 256x320 ").endsWith("ms");
    assertThat(lines.get(4)).startsWith("video 1/1 (frame 5/5) ");
    assertThat(r.out()).contains("Speed: ").contains("Results saved to " + tmp.resolve("vid"));
    Path out = tmp.resolve("vid");
    try (FrameReader saved = VideoIo.find().open(out.resolve("clip.avi").toString())) {
      int n = 0;
      for (FrameReader.Frame f; (f = saved.read()) != null; n++) {
        assertThat(f.bgr().cols()).isEqualTo(320);
        assertThat(f.bgr().rows()).isEqualTo(240);
        f.bgr().close();
      }
      assertThat(n).as("annotated frames in clip.avi").isEqualTo(5);
    }
    try (var frames = Files.list(out.resolve("clip_frames"))) {
      assertThat(frames.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("clip_0.jpg", "clip_1.jpg", "clip_2.jpg", "clip_3.jpg", "clip_4.jpg");
    }
    try (var labels = Files.list(out.resolve("labels"))) {
      assertThat(labels.map(p -> p.getFileName().toString())).isNotEmpty()
          .allMatch(n -> n.matches("clip_[1-5]\\.txt"));
    }
  }

  @Test
  void aStreamsListPredictsItsSourcesTogether() throws Exception {
    Path a = TestVideos.mp4(tmp.resolve("a.mp4"), 6, 0);
    Path b = TestVideos.mp4(tmp.resolve("b.mp4"), 4, 2);
    Path list = Files.write(tmp.resolve("cams.streams"), List.of(a.toString(), "# a comment", b.toString()));
    YoloCliTest.Result r = YoloCliTest.cli("predict", "model=yolov8n.yaml", "source=" + list, "imgsz=160",
        "save=False");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("0: "))).hasSize(6);
    assertThat(r.out().lines().filter(l -> l.startsWith("1: "))).hasSize(4);
  }
}
