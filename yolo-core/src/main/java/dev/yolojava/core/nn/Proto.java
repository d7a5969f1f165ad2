package dev.yolojava.core.nn;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dOptions;
import org.bytedeco.pytorch.Tensor;

/**
 * Ultralytics' {@code Proto}: the mask prototypes of a segmentation head, computed from the finest feature map:
 * {@code cv1} (3x3 Conv to {@code c_}), {@code upsample} (a learned 2x2 stride-2 transposed convolution, so the
 * prototypes have a quarter of the input resolution), {@code cv2} (3x3 Conv) and {@code cv3} (1x1 Conv to the
 * {@code c2} prototypes).
 */
public class Proto extends Block {
  private final Conv cv1;
  private final ConvTranspose2dImpl upsample;
  private final Conv cv2;
  private final Conv cv3;

  /**
   * @param c1 input channels
   * @param hidden intermediate channels ({@code c_}, Ultralytics' {@code npr} scaled by the model width)
   * @param protos number of prototypes ({@code nm}, 32)
   */
  public Proto(int c1, int hidden, int protos) {
    this("Proto", c1, hidden, protos);
  }

  protected Proto(String type, int c1, int hidden, int protos) {
    super(type);
    cv1 = add("cv1", new Conv(c1, hidden, 3, 1));
    ConvTranspose2dOptions o = new ConvTranspose2dOptions(hidden, hidden, new LongPointer(2L, 2L));
    o.stride().put(new long[] {2, 2});
    o.bias().put(true);
    upsample = add("upsample", new ConvTranspose2dImpl(o));
    cv2 = add("cv2", new Conv(hidden, hidden, 3, 1));
    cv3 = add("cv3", new Conv(hidden, protos, 1, 1));
  }

  @Override
  public Tensor forward(Tensor x) {
    return cv3.forward(cv2.forward(upsample.forward(cv1.forward(x))));
  }

  @Override
  public String trace(GraphSink g, String x) {
    String up = g.convTranspose(cv1.trace(g, x), upsample.weight(), upsample.bias(), 2);
    return cv3.trace(g, cv2.trace(g, up));
  }

  /**
   * From the head's feature maps (this class reads only the finest): {@code {prototypes, semantic}}, where
   * {@code semantic} is the training-only semantic map some prototype modules add (YOLO26), else null.
   */
  public Tensor[] run(List<Tensor> feats) {
    return new Tensor[] {forward(feats.get(0)), null};
  }
}
