package dev.yolojava.core.engine;

import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.classify.ClassifyAugment;
import dev.yolojava.data.classify.ClassifyBatch;
import dev.yolojava.data.classify.ClassifyLoader;
import dev.yolojava.data.classify.ClassifySplit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' {@code ClassificationValidator}: every image of a split through {@code classify_transforms(imgsz)},
 * the classifier's top five classes per image, and top-1 / top-5 accuracy over the split (fitness their mean); the
 * loss is the mean over batches of each batch's mean cross-entropy, as the trainer's {@code val/loss}.
 */
public final class ClassifyValidator {
  private static final Logger LOG = LoggerFactory.getLogger(ClassifyValidator.class);

  /** The metric keys Ultralytics' {@code ClassifyMetrics} reports, in order. */
  public static final String TOP1 = "metrics/accuracy_top1";
  public static final String TOP5 = "metrics/accuracy_top5";

  private ClassifyValidator() {}

  /**
   * What a validation measured: accuracies over {@code images} images, the mean loss, and per-image milliseconds in
   * pre-processing (decoding and transforms, on the loader's threads) and inference.
   */
  public record Metrics(double top1, double top5, double loss, int images, double preMs, double inferMs) {
    public double fitness() {
      return (top1 + top5) / 2;
    }

    /** Ultralytics' {@code results_dict}: both accuracies and fitness. */
    public Map<String, Double> resultsDict() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put(TOP1, top1);
      m.put(TOP5, top5);
      m.put("fitness", fitness());
      return m;
    }
  }

  /**
   * Validates {@code model} (eval mode, on its device) on {@code split} at {@code imgsz} in batches of {@code batch};
   * prints Ultralytics' header and result lines when {@code verbose}.
   */
  public static Metrics validate(ClassifyBackend model, ClassifySplit split, int imgsz, int batch, int workers,
      boolean verbose) {
    int n5 = Math.min(model.names().size(), 5);
    long correct1 = 0;
    long correct5 = 0;
    int images = 0;
    double lossSum = 0;
    int batches = 0;
    long inferNanos = 0;
    long t0 = System.nanoTime();
    if (verbose) {
      LOG.info(String.format(Locale.ROOT, "%22s%11s%11s", "classes", "top1_acc", "top5_acc"));
    }
    try (ClassifyLoader loader = new ClassifyLoader(split, batch, imgsz, false, ClassifyAugment.defaults(), workers,
        0, false)) {
      Iterator<ClassifyBatch> it = loader.epoch(0);
      while (it.hasNext()) {
        ClassifyBatch b = it.next();
        int bs = b.labels().length;
        long s = System.nanoTime();
        try (PointerScope scope = new PointerScope(); NoGradGuard g = new NoGradGuard()) {
          Tensor x = Tensors.fromFloats(b.pixels(), bs, 3, b.size(), b.size()).to(model.device().toTorch(),
              model.isHalf() ? torch.ScalarType.Half : torch.ScalarType.Float);
          Tensor logits = model.logits(x);
          // an exported model gives probabilities only: its loss is the mean of -log p(label), the same value
          Tensor probs = logits != null ? torch.softmax(logits, 1) : model.probs(x);
          Tensor scores = logits != null ? logits : probs.clamp_min(new org.bytedeco.pytorch.Scalar(1e-12)).log();
          Tensor labels = labelsTensor(b.labels()).to(probs.device(), torch.ScalarType.Long);
          lossSum += torch.cross_entropy(scores, labels).item_double();
          float[] p = Tensors.toFloatArray(probs.cpu());
          int nc = p.length / bs;
          for (int i = 0; i < bs; i++) {
            float[] row = new float[nc];
            System.arraycopy(p, i * nc, row, 0, nc);
            int[] top = ClassifyPredictor.topK(row, n5);
            correct1 += top[0] == b.labels()[i] ? 1 : 0;
            for (int t : top) {
              if (t == b.labels()[i]) {
                correct5++;
                break;
              }
            }
          }
        }
        inferNanos += System.nanoTime() - s;
        images += bs;
        batches++;
      }
    }
    long total = System.nanoTime() - t0;
    Metrics m = new Metrics(images == 0 ? 0 : (double) correct1 / images, images == 0 ? 0 : (double) correct5 / images,
        batches == 0 ? 0 : lossSum / batches, images, images == 0 ? 0 : (total - inferNanos) / 1e6 / images,
        images == 0 ? 0 : inferNanos / 1e6 / images);
    if (verbose) {
      LOG.info(String.format(Locale.ROOT, "%22s%11s%11s", "all", dev.yolojava.core.metrics.MetricsReport.formatG3(m.top1()), dev.yolojava.core.metrics.MetricsReport.formatG3(m.top5())));
      LOG.info(String.format(Locale.ROOT, "Speed: %.1fms preprocess, %.1fms inference, %.1fms loss, %.1fms"
          + " postprocess per image", m.preMs(), m.inferMs(), 0.0, 0.0));
    }
    return m;
  }

  /** The folder a classification {@code data=} names, checked (a clear error for a data.yaml or a missing folder). */
  public static java.nio.file.Path dataFolder(String data) {
    return ClassifyData.resolve(data);
  }

  private static Tensor labelsTensor(int[] labels) {
    float[] f = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      f[i] = labels[i];
    }
    return Tensors.fromFloats(f, labels.length);
  }
}
