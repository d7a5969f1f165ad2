package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.ImageLabels;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ultralytics' rectangular batches ({@code set_rectangle}): images sorted by aspect ratio h/w, and each batch of
 * {@code batchSize} consecutive images given the shape {@code ceil(shape * imgsz / stride + pad) * stride}, where
 * shape is {@code [max_ar, 1]} if all are wide, {@code [1, 1/min_ar]} if all are tall, else square. Ties keep file
 * order (NumPy's unstable argsort may order equal ratios differently; shapes are the same).
 */
public final class RectBatches {
  private final int[] order;
  private final int[][] shapes;
  private final int batchSize;

  private RectBatches(int[] order, int[][] shapes, int batchSize) {
    this.order = order;
    this.shapes = shapes;
    this.batchSize = batchSize;
  }

  public static RectBatches compute(List<ImageLabels> labels, int batchSize, int imgsz, int stride, double pad) {
    checkArgument(batchSize >= 1, "batch size is %s, expected >= 1", batchSize);
    int n = labels.size();
    double[] ar = new double[n];
    for (int i = 0; i < n; i++) {
      ar[i] = (double) labels.get(i).height() / labels.get(i).width();
    }
    int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> ar[i]))
        .mapToInt(Integer::intValue).toArray();
    int nb = (n + batchSize - 1) / batchSize;
    int[][] shapes = new int[nb][];
    for (int b = 0; b < nb; b++) {
      double mini = Double.MAX_VALUE;
      double maxi = -Double.MAX_VALUE;
      for (int k = b * batchSize; k < Math.min(n, (b + 1) * batchSize); k++) {
        mini = Math.min(mini, ar[order[k]]);
        maxi = Math.max(maxi, ar[order[k]]);
      }
      double sh = 1;
      double sw = 1;
      if (maxi < 1) {
        sh = maxi;
      } else if (mini > 1) {
        sw = 1 / mini;
      }
      shapes[b] = new int[] {(int) Math.ceil(sh * imgsz / stride + pad) * stride,
          (int) Math.ceil(sw * imgsz / stride + pad) * stride};
    }
    return new RectBatches(order, shapes, batchSize);
  }

  /** Dataset indices in batch order. */
  public int[] order() {
    return order.clone();
  }

  /** Number of batches. */
  public int size() {
    return shapes.length;
  }

  /** The {@code {h, w}} of batch {@code b}. */
  public int[] shape(int b) {
    return shapes[b].clone();
  }

  public int batchSize() {
    return batchSize;
  }

  @Override
  public String toString() {
    return "RectBatches" + Arrays.deepToString(shapes);
  }
}
