package dev.yolojava.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics 8.4's {@code Segment} and {@code Segment26} heads: the {@link Detect} head plus, per level, a mask
 * coefficient branch {@code cv4.i} (two 3x3 Convs and a 1x1 Conv2d to {@code nm}; end-to-end heads add a copy,
 * {@code one2one_cv4}) and the prototype module {@code proto} ({@link Proto}; {@link Proto26} for YOLO26). Each
 * prediction's mask is the sigmoid of its coefficients times the prototypes, cropped to its box.
 *
 * <p>Eval output: {@code (B, 4 + nc + nm, A)} (boxes, class scores, mask coefficients) or, end-to-end,
 * {@code (B, 300, 6 + nm)}; the prototypes {@code (B, nm, H/4, W/4)} come in {@link DetectOutput#proto()}.
 */
public final class Segment extends Detect {
  private final int nm;
  private Sequential cv4;
  private final Sequential o2oCv4;
  private final Proto proto;

  /**
   * @param nm mask prototypes (32)
   * @param hidden the prototype module's channels ({@code npr} after width scaling)
   * @param yolo26 {@code Segment26}: prototypes from every level ({@link Proto26})
   */
  public Segment(int nc, int nm, int hidden, int regMax, boolean endToEnd, boolean legacy, int[] ch, boolean yolo26) {
    super(yolo26 ? "Segment26" : "Segment", nc, regMax, endToEnd, legacy, ch);
    checkArgument(nm >= 1, "%s: nm is %s, expected >= 1", type(), nm);
    this.nm = nm;
    // torch's generator draws in Python's order: Segment.__init__ builds a Proto, then cv4; Segment26 then
    // replaces the Proto with a Proto26 (in the same attribute slot, so 'proto' still comes before 'cv4')
    Proto plain = new Proto(ch[0], hidden, nm);
    int c4 = Math.max(ch[0] / 4, nm);
    Sequential masks = maskBranches(ch, c4);
    Sequential copy = hasOneToOne() ? copyOf(masks, () -> maskBranches(ch, c4)) : null;
    proto = add("proto", yolo26 ? new Proto26(ch, hidden, nm, nc) : plain);
    cv4 = add("cv4", masks);
    o2oCv4 = copy == null ? null : add("one2one_cv4", copy);
  }

  private Sequential maskBranches(int[] ch, int c4) {
    Sequential list = new Sequential("ModuleList");
    for (int x : ch) {
      Sequential s = list.append(new Sequential("Sequential"));
      s.append(new Conv(x, c4, 3, 1));
      s.append(new Conv(c4, c4, 3, 1));
      s.append(new Conv2dImpl(new Conv2dOptions(c4, nm, new LongPointer(1L, 1L))));
    }
    return list;
  }

  /** Mask prototypes per image (32). */
  public int masks() {
    return nm;
  }

  @Override
  protected HeadOutput branch(List<Tensor> feats, boolean oneToOne) {
    HeadOutput h = super.branch(feats, oneToOne);
    Sequential heads = oneToOne ? o2oCv4 : cv4;
    long bs = feats.get(0).size(0);
    Tensor[] coefficients = new Tensor[feats.size()];
    for (int i = 0; i < coefficients.length; i++) {
      coefficients[i] = ((Sequential) heads.get(i)).forward(feats.get(i)).view(bs, nm, -1);
    }
    return h.withMasks(torch.cat(new TensorVector(coefficients), 2));
  }

  @Override
  protected DetectOutput complete(List<Tensor> feats, HeadOutput oneToMany, HeadOutput oneToOne) {
    Tensor[] p = proto.run(feats);
    return new DetectOutput(oneToMany, oneToOne, p[0], p[1]);
  }

  @Override
  protected Tensor withExtras(Tensor decoded, DetectOutput raw) {
    return torch.cat(new TensorVector(decoded, raw.inferenceBranch().masks()), 1);
  }

  /**
   * The inference branch's mask coefficients appended per anchor as {@link #withExtras} does; the prototypes of the
   * finest level become the graph's second output ({@code output1}), as Ultralytics exports segmentation models.
   */
  @Override
  protected String traceExtras(GraphSink g, List<String> feats, String[] grid) {
    if (proto instanceof Proto26) {
      throw new UnsupportedOperationException(type() + " heads (YOLO26-seg) cannot be exported to ONNX by this build"
          + " of yolo-java yet; YOLOv8 and YOLO11 segmentation models and detection models can");
    }
    Sequential heads = endToEnd() ? o2oCv4 : cv4;
    List<String> coefficients = new java.util.ArrayList<>();
    for (int i = 0; i < feats.size(); i++) {
      coefficients.add(g.reshape(((Sequential) heads.get(i)).trace(g, feats.get(i)), new long[] {0, nm, -1}));
    }
    g.extraOutput(proto.trace(g, feats.get(0)));
    return g.concat(coefficients, 2);
  }

  @Override
  protected int extraRows() {
    return nm;
  }

  /** Ultralytics' {@code Segment.fuse()}: an end-to-end head also drops {@code cv4}; YOLO26 drops {@code semseg}. */
  @Override
  public void fuse() {
    boolean dropsOneToMany = endToEnd() && cv4 != null;
    super.fuse();
    if (dropsOneToMany) {
      removeBlock("cv4", cv4);
      cv4 = null;
    }
  }

  @Override
  protected int functionalLeaves() {
    return super.functionalLeaves() + (hasOneToOne() ? 1 : 0); // the deep-copied cv4's own SiLU
  }
}
