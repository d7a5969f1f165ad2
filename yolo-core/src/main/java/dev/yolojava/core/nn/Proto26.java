package dev.yolojava.core.nn;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' {@code Proto26} (YOLO26 segmentation): every level is brought to the finest one ({@code feat_refine},
 * 1x1 Convs, then nearest resizing) and summed, {@code feat_fuse} (3x3 Conv) feeds the plain {@link Proto} layers;
 * in training {@code semseg} (two 3x3 Convs and a 1x1 Conv2d to {@code nc}) predicts a semantic map from the same
 * sum for an auxiliary loss. {@link #fuse()} drops {@code semseg}, as Ultralytics does for inference.
 */
public final class Proto26 extends Proto {
  private final Sequential featRefine;
  private final Conv featFuse;
  private Sequential semseg;

  /**
   * @param ch the head's input channels per level
   * @param hidden intermediate channels ({@code c_})
   * @param protos number of prototypes
   * @param nc classes of the semantic map
   */
  public Proto26(int[] ch, int hidden, int protos, int nc) {
    super("Proto26", hidden, hidden, protos);
    featRefine = add("feat_refine", new Sequential("ModuleList"));
    for (int i = 1; i < ch.length; i++) {
      featRefine.append(new Conv(ch[i], ch[0], 1, 1));
    }
    featFuse = add("feat_fuse", new Conv(ch[0], hidden, 3, 1));
    semseg = add("semseg", new Sequential("Sequential"));
    semseg.append(new Conv(ch[0], hidden, 3, 1));
    semseg.append(new Conv(hidden, hidden, 3, 1));
    semseg.append(new Conv2dImpl(new Conv2dOptions(hidden, nc, new LongPointer(1L, 1L))));
  }

  private Tensor merged(List<Tensor> feats) {
    Tensor feat = feats.get(0);
    long[] size = {feat.size(2), feat.size(3)};
    for (int i = 0; i < featRefine.size(); i++) {
      Tensor up = ((Block) featRefine.get(i)).forward(feats.get(i + 1));
      feat = feat.add(torch.upsample_nearest2d(up, size, new DoubleOptional(), new DoubleOptional()));
    }
    return feat;
  }

  @Override
  public Tensor[] run(List<Tensor> feats) {
    Tensor feat = merged(feats);
    Tensor semantic = semseg != null && is_training() ? semseg.forward(feat) : null;
    return new Tensor[] {forward(featFuse.forward(feat)), semantic};
  }

  @Override
  public void fuse() {
    super.fuse();
    if (semseg != null) {
      removeBlock("semseg", semseg);
      semseg = null;
    }
  }
}
