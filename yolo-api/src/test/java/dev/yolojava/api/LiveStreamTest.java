package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * {@link Yolo#streamReaders} with sources of the test's own: a live source that dies ends alone and cleanly, a
 * never-ending one stops with {@code close()}, and a live source faster than the model drops its oldest frames
 * unless {@code stream_buffer}, while a file-like one never drops.
 */
class LiveStreamTest {
  /** Frames of a fixed size, {@code gapMillis} apart, until {@code count} (or forever when negative). */
  static final class Synthetic implements FrameReader {
    final String name;
    final boolean live;
    final long count;
    final long gapMillis;
    final long failAt;
    final AtomicLong index = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();
    int type = opencv_core.CV_8UC3;

    Synthetic(String name, boolean live, long count, long gapMillis, long failAt) {
      this.name = name;
      this.live = live;
      this.count = count;
      this.gapMillis = gapMillis;
      this.failAt = failAt;
    }

    @Override
    public Frame read() {
      long i = index.get();
      if (i == failAt) {
        throw new IllegalStateException("connection to " + name + " reset");
      }
      if (count >= 0 && i >= count) {
        return null;
      }
      if (gapMillis > 0) {
        try {
          Thread.sleep(gapMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      Mat m = new Mat(48, 64, type, new Scalar(20 + i % 200, 80, 160, 255));
      index.incrementAndGet();
      return new Frame(m, i, i * 33_000);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean live() {
      return live;
    }

    @Override
    public double fps() {
      return 30;
    }

    @Override
    public long frameCount() {
      return live ? -1 : count;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static PredictConfig cfg(boolean buffer) {
    return PredictConfig.builder().imgsz(64).batch(4).conf(0.0).maxDet(3).streamBuffer(buffer).build();
  }

  @Test
  void aDyingLiveSourceEndsAloneAndCleanly() {
    Synthetic dying = new Synthetic("rtsp://cam/dying", true, -1, 1, 6);
    Synthetic file = new Synthetic("clip.mp4", false, 15, 0, -1);
    try (Yolo model = Yolo.create("yolov8n.yaml", 3);
        StreamResults results = model.streamReaders(List.of(dying, file), cfg(true))) {
      List<long[]> seen = new ArrayList<>();
      results.forEachRemaining(d -> seen.add(new long[] {d.frame().orElseThrow().stream(),
          d.frame().orElseThrow().index()}));
      assertThat(seen.stream().filter(s -> s[0] == 0).map(s -> s[1])).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      assertThat(seen.stream().filter(s -> s[0] == 1).mapToLong(s -> s[1]).toArray())
          .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
      assertThat(results.stats().get(0).error()).isEqualTo("connection to rtsp://cam/dying reset");
      assertThat(results.stats().get(1).error()).isNull();
      assertThat(dying.closed).isTrue();
      assertThat(file.closed).isTrue();
    }
  }

  @Test
  void greyFramesAreTakenAndUnknownPixelTypesFailTheirSourceOnly() {
    Synthetic grey = new Synthetic("grey", false, 5, 0, -1);
    grey.type = opencv_core.CV_8UC1;
    Synthetic deep = new Synthetic("deep", false, 5, 0, -1);
    deep.type = opencv_core.CV_16UC3;
    try (Yolo model = Yolo.create("yolov8n.yaml", 3);
        StreamResults results = model.streamReaders(List.of(grey, deep), cfg(true))) {
      List<Detections> got = new ArrayList<>();
      results.forEachRemaining(got::add);
      assertThat(got).hasSize(5).allSatisfy(d -> {
        assertThat(d.frame().orElseThrow().source()).isEqualTo("grey");
        assertThat(d.width()).isEqualTo(64);
      });
      assertThat(results.stats().get(1).error()).startsWith("a frame of 'deep' has OpenCV type ")
          .endsWith("expected 8-bit BGR (CV_8UC3), grey (CV_8UC1) or BGRA (CV_8UC4)");
    }
  }

  @Test
  void closeStopsANeverEndingSource() throws Exception {
    Synthetic endless = new Synthetic("0", true, -1, 2, -1);
    CountDownLatch ten = new CountDownLatch(10);
    try (Yolo model = Yolo.create("yolov8n.yaml", 3)) {
      StreamResults results = model.streamReaders(List.of(endless), cfg(false));
      while (ten.getCount() > 0 && results.hasNext()) {
        results.next();
        ten.countDown();
      }
      results.close();
      assertThat(results.hasNext()).isFalse();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!endless.closed.get() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(endless.closed).as("the reader is closed once its thread stops").isTrue();
      long after = endless.index.get();
      Thread.sleep(100);
      assertThat(endless.index.get()).as("nothing reads after close").isEqualTo(after);
    }
    assertThat(ten.getCount()).isZero();
  }

  @Test
  void closeFromAnotherThreadEndsTheReadersLoop() throws Exception {
    Synthetic endless = new Synthetic("rtsp://cam/endless", true, -1, 2, -1);
    try (Yolo model = Yolo.create("yolov8n.yaml", 3);
        StreamResults results = model.streamReaders(List.of(endless), cfg(false))) {
      CountDownLatch first = new CountDownLatch(1);
      Thread closer = new Thread(() -> {
        try {
          first.await(); // once results flow, the reader is inside hasNext() most of the time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        results.close();
      });
      closer.start();
      long n = 0;
      while (results.hasNext()) { // would never end without the close
        results.next();
        n++;
        first.countDown();
      }
      closer.join();
      assertThat(n).isPositive();
    }
    assertThat(endless.closed).isTrue();
  }

  @Test
  void aLiveSourceAheadOfTheModelDropsItsOldestFramesUnlessBuffered() throws Exception {
    try (Yolo model = Yolo.create("yolov8n.yaml", 3)) {
      for (boolean buffer : new boolean[] {false, true}) {
        Synthetic fast = new Synthetic("rtsp://fast", true, 200, 0, -1);
        List<Long> indices = new ArrayList<>();
        StreamStats stats;
        try (StreamResults results = model.streamReaders(List.of(fast), cfg(buffer))) {
          if (!buffer) {
            // nothing is read (the pipeline pulls frames only when asked) until the live source has sent them all
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fast.index.get() < 200 && System.nanoTime() < deadline) {
              Thread.sleep(5);
            }
            assertThat(fast.index.get()).as("a live source is never held back").isEqualTo(200);
          }
          while (results.hasNext()) {
            indices.add(results.next().frame().orElseThrow().index());
          }
          stats = results.stats().get(0);
        }
        assertThat(indices).as("in order").isSorted();
        assertThat(stats.decoded()).isEqualTo(200);
        assertThat(stats.predicted() + stats.dropped()).as("every frame predicted or dropped").isEqualTo(200);
        assertThat(indices).hasSize((int) stats.predicted()).doesNotHaveDuplicates().endsWith(199L);
        if (buffer) {
          assertThat(stats.dropped()).isZero();
        } else {
          assertThat(stats.dropped()).isPositive();
        }
      }
    }
  }
}
