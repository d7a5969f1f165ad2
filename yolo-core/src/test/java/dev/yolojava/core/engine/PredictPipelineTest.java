package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.cuda.Device;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipelined predict gives exactly the sequential {@link Predictor}'s boxes, in input order, lazily. */
class PredictPipelineTest {
  private static YoloModel model;

  @BeforeAll
  static void build() {
    model = YoloModel.create("yolov8n.yaml", 3);
  }

  @AfterAll
  static void free() {
    model.close();
  }

  /** Noise with a few bright rectangles, {@code h x w} BGR. */
  private static Mat image(int h, int w, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[h * w * 3];
    r.nextBytes(px);
    for (int k = 0; k < 3; k++) {
      int x0 = r.nextInt(w / 2);
      int y0 = r.nextInt(h / 2);
      for (int y = y0; y < y0 + h / 3; y++) {
        for (int x = x0; x < x0 + w / 3; x++) {
          px[(y * w + x) * 3 + k] = (byte) 250;
        }
      }
    }
    Mat m = new Mat(h, w, opencv_core.CV_8UC3);
    new BytePointer(m.data()).put(px);
    return m;
  }

  /** Sizes mixing same-shape runs (rect letterbox) with odd shapes (square letterbox). */
  private static final int[][] SIZES = {
      {64, 96}, {64, 96}, {64, 96}, {80, 50}, {120, 120}, {64, 96}, {33, 77}, {100, 60}, {64, 96}, {64, 96}};

  private static List<Mat> images() {
    List<Mat> out = new ArrayList<>();
    for (int i = 0; i < SIZES.length; i++) {
      out.add(image(SIZES[i][0], SIZES[i][1], i));
    }
    return out;
  }

  private static Predictor.Options options(int batch) {
    return new Predictor.Options(96, 96, new NmsConfig(0.0f, 0.7f, 20, java.util.Set.of(), false, false), batch);
  }

  private static List<PredictPipeline.Input> inputs(List<Mat> mats) {
    List<PredictPipeline.Input> in = new ArrayList<>();
    for (int i = 0; i < mats.size(); i++) {
      Mat m = mats.get(i);
      in.add(new PredictPipeline.Input("img" + i, m::clone));
    }
    return in;
  }

  private static void assertSameRows(List<PredictPipeline.Result> got, List<float[][]> want, List<Mat> mats) {
    assertThat(got).hasSize(want.size());
    for (int i = 0; i < want.size(); i++) {
      assertThat(got.get(i).name()).isEqualTo("img" + i);
      assertThat(got.get(i).height()).isEqualTo(mats.get(i).rows());
      assertThat(got.get(i).width()).isEqualTo(mats.get(i).cols());
      assertThat(want.get(i).length).as("image %s has detections", i).isGreaterThan(0);
      assertThat(got.get(i).rows()).as("image %s", i).isDeepEqualTo(want.get(i));
    }
  }

  @Test
  void equalsSequentialForMixedSizesAndBatchSizes() {
    List<Mat> mats = images();
    for (int batch : new int[] {1, 3, 4, 10}) {
      List<float[][]> want = new Predictor(model).predict(mats, options(batch));
      StageTimes times = new StageTimes();
      try (PredictPipeline p = new PredictPipeline(model, options(batch), 2, 2, times)) {
        assertSameRows(p.predict(inputs(mats)), want, mats);
      }
      assertThat(times.msPerImage(StageTimes.Stage.FORWARD)).as("batch %s", batch).isGreaterThan(0);
      assertThat(times.toJsonFields()).startsWith("\"decode_letterbox_ms\":").contains("\"nms_ms\":");
    }
    mats.forEach(Mat::close);
  }

  @Test
  void pullsInputsLazily() {
    List<Mat> mats = images();
    List<PredictPipeline.Input> all = inputs(mats);
    int[] pulled = {0};
    Iterator<PredictPipeline.Input> counting = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pulled[0] < all.size();
      }

      @Override
      public PredictPipeline.Input next() {
        return all.get(pulled[0]++);
      }
    };
    try (PredictPipeline p = new PredictPipeline(model, options(2), 2, 2, null)) {
      Iterator<PredictPipeline.Result> it = p.run(counting);
      assertThat(pulled[0]).isZero();
      assertThat(it.next().name()).isEqualTo("img0");
      // batch 2, prefetch 2: the batch in the model plus two queued ones
      assertThat(pulled[0]).isEqualTo(6);
      int n = 1;
      while (it.hasNext()) {
        assertThat(it.next().name()).isEqualTo("img" + n++);
      }
      assertThat(n).isEqualTo(SIZES.length);
    }
    mats.forEach(Mat::close);
  }

  @Test
  void anUnreadableInputIsSkippedAndOnlyAllUnreadableFails() {
    PredictPipeline.Input bad = new PredictPipeline.Input("bad.jpg", () -> {
      throw new dev.yolojava.data.image.UnreadableImageException("bad.jpg: not a supported image format");
    });
    List<PredictPipeline.Input> in = List.of(
        new PredictPipeline.Input("ok", () -> image(64, 64, 1)), bad,
        new PredictPipeline.Input("ok2", () -> image(64, 64, 2)));
    try (PredictPipeline p = new PredictPipeline(model, options(2), 2, 1, null)) {
      // as Ultralytics' loader: "Image Read Error", the rest of the source goes on
      assertThat(p.predict(in)).extracting(PredictPipeline.Result::name).containsExactly("ok", "ok2");
      // a batch of only unreadable inputs in the middle of a run is skipped too
      assertThat(p.predict(List.of(in.get(0), bad, bad, in.get(2)))).hasSize(2);
      // nothing readable at all: the reason, unwrapped, rather than an empty result
      assertThatThrownBy(() -> p.predict(List.of(bad, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad.jpg: not a supported image format");
    }
  }

  @Test
  void fixedSizeBackendsGetExactlyTheirSize() {
    List<int[]> seen = new CopyOnWriteArrayList<>();
    InferenceBackend fixed = new InferenceBackend() {
      @Override
      public Tensor forward(Tensor images) {
        seen.add(new int[] {(int) images.size(2), (int) images.size(3)});
        return model.forward(images);
      }

      @Override
      public Device device() {
        return model.device();
      }

      @Override
      public boolean isHalf() {
        return false;
      }

      @Override
      public boolean endToEnd() {
        return model.endToEnd();
      }

      @Override
      public int maxStride() {
        return model.maxStride();
      }

      @Override
      public List<String> names() {
        return model.names();
      }

      @Override
      public int[] fixedImgsz() {
        return new int[] {128, 160};
      }
    };
    List<Mat> mats = images();
    List<float[][]> want = new Predictor(fixed).predict(mats, options(4));
    try (PredictPipeline p = new PredictPipeline(fixed, options(4), 2, 2, null)) {
      assertSameRows(p.predict(inputs(mats)), want, mats);
    }
    assertThat(seen).hasSize(6).allSatisfy(s -> assertThat(s).containsExactly(128, 160));
    mats.forEach(Mat::close);
  }
}
