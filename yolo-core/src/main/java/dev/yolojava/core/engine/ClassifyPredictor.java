package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.classify.ClassifyTransforms;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' {@code ClassificationPredictor}: each image as its pixels go to Pillow (BGR to RGB), resized on its
 * shorter side to {@code imgsz} and centre-cropped ({@code classify_transforms}), a batch through the classifier,
 * and the class probabilities out. Images are prepared on the common pool, in input order.
 */
public final class ClassifyPredictor {
  /**
   * The class probabilities of one image ({@code probs[c]} for class c, summing to 1), its size, and its share of
   * the batch's milliseconds in pre-processing and inference.
   */
  public record Result(String name, int height, int width, float[] probs, double preMs, double inferMs) {
    /** The five most probable classes (fewer when there are fewer classes), most probable first. */
    public int[] top5() {
      return topK(probs, 5);
    }

    public int top1() {
      return topK(probs, 1)[0];
    }
  }

  private ClassifyPredictor() {}

  /** Indices of the {@code k} largest values, largest first; ties keep the lower index first. */
  static int[] topK(float[] p, int k) {
    return IntStream.range(0, p.length).boxed()
        .sorted((a, b) -> p[a] != p[b] ? Float.compare(p[b], p[a]) : Integer.compare(a, b))
        .limit(Math.min(k, p.length)).mapToInt(Integer::intValue).toArray();
  }

  /**
   * Lazily predicts over {@code inputs} in batches of {@code batch} at {@code imgsz} (0: the classifier's training
   * size); an unreadable image throws when its batch is reached, naming it.
   */
  public static Iterator<Result> run(ClassifyBackend model, Iterator<PredictPipeline.Input> inputs, int imgsz, int batch) {
    checkArgument(batch >= 1, "batch is %s, expected >= 1", batch);
    int size = imgsz > 0 ? imgsz : model.imgsz();
    return new Iterator<>() {
      private final List<Result> ready = new ArrayList<>();
      private int next;

      @Override
      public boolean hasNext() {
        if (next < ready.size()) {
          return true;
        }
        ready.clear();
        next = 0;
        List<PredictPipeline.Input> chunk = new ArrayList<>(batch);
        while (chunk.size() < batch && inputs.hasNext()) {
          chunk.add(inputs.next());
        }
        if (!chunk.isEmpty()) {
          ready.addAll(predictBatch(model, chunk, size));
        }
        return next < ready.size();
      }

      @Override
      public Result next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  /** One batch: decode and transform every image, one forward pass. */
  static List<Result> predictBatch(ClassifyBackend model, List<PredictPipeline.Input> chunk, int size) {
    long t0 = System.nanoTime();
    int n = chunk.size();
    int per = 3 * size * size;
    float[] pixels = new float[n * per];
    int[][] hw = new int[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      PredictPipeline.Input in = chunk.get(i);
      Mat bgr = in.decoder().get();
      try {
        hw[i] = new int[] {bgr.rows(), bgr.cols()};
        System.arraycopy(ClassifyTransforms.eval(rgbBytes(bgr), bgr.rows(), bgr.cols(), size), 0, pixels, i * per,
            per);
      } finally {
        bgr.close();
      }
    });
    long t1 = System.nanoTime();
    float[] probs;
    int nc = model.names().size();
    try (PointerScope scope = new PointerScope()) {
      Tensor x = Tensors.fromFloats(pixels, n, 3, size, size).to(model.device().toTorch(),
          model.isHalf() ? torch.ScalarType.Half : torch.ScalarType.Float);
      probs = Tensors.toFloatArray(model.probs(x));
    }
    long t2 = System.nanoTime();
    List<Result> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] p = new float[nc];
      System.arraycopy(probs, i * nc, p, 0, nc);
      out.add(new Result(chunk.get(i).name(), hw[i][0], hw[i][1], p, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n));
    }
    return out;
  }

  /** The image's pixels as interleaved RGB bytes (what {@code Image.fromArray(cv2.cvtColor(im, BGR2RGB))} holds). */
  static byte[] rgbBytes(Mat bgr) {
    checkArgument(bgr.channels() == 3, "expected a 3-channel BGR image, got %s channels", bgr.channels());
    try (Mat rgb = new Mat()) {
      opencv_imgproc.cvtColor(bgr, rgb, opencv_imgproc.COLOR_BGR2RGB);
      byte[] out = new byte[rgb.rows() * rgb.cols() * 3];
      Mat packed = rgb.isContinuous() ? rgb : rgb.clone();
      packed.data().get(out); // the Mat's own memory: nothing to free here
      if (packed != rgb) {
        packed.close();
      }
      return out;
    }
  }
}
