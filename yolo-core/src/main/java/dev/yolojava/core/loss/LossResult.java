package dev.yolojava.core.loss;

import dev.yolojava.core.ops.Tensors;
import org.bytedeco.pytorch.Tensor;

/**
 * A detection loss as Ultralytics returns it.
 *
 * @param loss {@code (3)} the {@code box, cls, dfl} terms, gains applied, times the batch size,
 *     attached to the autograd graph; {@link #total()} is what the trainer back-propagates
 * @param items {@code (3)} the detached per-term values Ultralytics logs ({@code loss_items}); for
 *     the end-to-end loss these are the one-to-one branch's, not {@code loss / batch}
 */
public record LossResult(Tensor loss, Tensor items) {
  /**
   * {@code loss.sum()}, the scalar to call {@code backward()} on (Ultralytics' trainer does the
   * same).
   */
  public Tensor total() {
    return loss.sum();
  }

  /** The three {@link #items()} as Java numbers (copies to the host). */
  public double[] itemValues() {
    return values(items);
  }

  /** The three {@link #loss()} terms as Java numbers (copies to the host). */
  public double[] lossValues() {
    return values(loss);
  }

  private static double[] values(Tensor t) {
    float[] f = Tensors.toFloatArray(t.detach());
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }
}
