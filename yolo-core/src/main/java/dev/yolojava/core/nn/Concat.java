package dev.yolojava.core.nn;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/** Ultralytics {@code Concat(dimension)}: concatenates the outputs of its {@code from} layers. */
public final class Concat extends Block {
  private final int dim;

  public Concat(int dim) {
    super("Concat");
    this.dim = dim;
  }

  @Override
  public String trace(GraphSink g, List<String> inputs) {
    return g.concat(inputs, dim);
  }

  @Override
  public Tensor forward(Tensor x) {
    return x;
  }

  @Override
  public Tensor forward(List<Tensor> inputs) {
    return torch.cat(new TensorVector(inputs.toArray(new Tensor[0])), dim);
  }
}
