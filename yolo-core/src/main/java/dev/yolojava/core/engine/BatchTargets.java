package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.loss.Targets;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.data.loader.Batch;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** A batch's ground truth as the losses take it: boxes, and a pose batch's keypoints. */
final class BatchTargets {
  private BatchTargets() {}

  /**
   * {@code batchIdx, cls, bboxes} (any device; the host ones keep the loss from waiting on the GPU) and, when the batch
   * has keypoint labels, its keypoints as an {@code (n, nkpt, 3)} host tensor in the rows' order (images in order,
   * each image's objects in order), x and y normalised as Ultralytics' {@code batch["keypoints"]}.
   */
  static Targets of(Batch b, Tensor batchIdx, Tensor cls, Tensor bboxes, int nkpt) {
    Targets t = new Targets(batchIdx, cls, bboxes);
    if (nkpt == 0) {
      return t;
    }
    List<float[][]> perImage = b.keypoints();
    long n = cls.size(0);
    checkArgument(perImage != null, "batch %s has no keypoint labels, but a pose model trains on keypoints",
        b.index());
    float[] flat = new float[(int) (n * nkpt * 3)];
    int at = 0;
    for (float[][] rows : perImage) {
      for (float[] row : rows == null ? new float[0][] : rows) {
        checkArgument(row.length == nkpt * 3, "a label of batch %s has %s keypoint values, expected %s",
            b.index(), row.length, nkpt * 3);
        System.arraycopy(row, 0, flat, at, row.length);
        at += row.length;
      }
    }
    checkArgument(at == flat.length, "batch %s has keypoints for %s of its %s objects", b.index(), at / (nkpt * 3),
        n);
    return t.withKeypoints(n == 0 ? org.bytedeco.pytorch.global.torch.zeros(0, nkpt, 3)
        : Tensors.fromFloats(flat, n, nkpt, 3));
  }
}
