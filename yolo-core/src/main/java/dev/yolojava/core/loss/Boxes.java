package dev.yolojava.core.loss;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Box geometry used by the losses, all on the last dimension and with the same floating-point
 * operation order as Ultralytics 8.4.90 (so results agree bit for bit on the same backend): {@code
 * xywh <-> xyxy}, distance ({@code ltrb}) encoding around anchor points, and Complete IoU.
 */
public final class Boxes {
  /** Ultralytics' {@code bbox_iou} epsilon. */
  static final double IOU_EPS = 1e-7;

  private Boxes() {}

  /** {@code (..., 4)} centre-size boxes to corners, computed as {@code xy -/+ wh / 2}. */
  public static Tensor xywhToXyxy(Tensor xywh) {
    TensorVector p = xywh.split(2, -1);
    Tensor half = p.get(1).div(new Scalar(2.0));
    return torch.cat(new TensorVector(p.get(0).sub(half), p.get(0).add(half)), -1);
  }

  /**
   * {@code (..., 4)} corners to centre-size boxes: {@code ((x1 + x2) / 2, (y1 + y2) / 2, x2 - x1,
   * y2 - y1)}.
   */
  public static Tensor xyxyToXywh(Tensor xyxy) {
    TensorVector p = xyxy.split(2, -1);
    Tensor centre = p.get(0).add(p.get(1)).div(new Scalar(2.0));
    return torch.cat(new TensorVector(centre, p.get(1).sub(p.get(0))), -1);
  }

  /**
   * Ultralytics' {@code dist2bbox(xywh=False)}: {@code (..., 4)} ltrb distances around anchor
   * points to xyxy.
   */
  public static Tensor distToBox(Tensor ltrb, Tensor anchorPoints) {
    TensorVector d = ltrb.chunk(2, -1);
    return torch.cat(new TensorVector(anchorPoints.sub(d.get(0)), anchorPoints.add(d.get(1))), -1);
  }

  /**
   * Ultralytics' {@code bbox2dist}: xyxy boxes to ltrb distances from the anchor points; with
   * {@code maxDist >= 0} clamped to {@code [0, maxDist - 0.01]} (the DFL target range).
   */
  public static Tensor boxToDist(Tensor anchorPoints, Tensor xyxy, double maxDist) {
    TensorVector b = xyxy.chunk(2, -1);
    Tensor dist =
        torch.cat(new TensorVector(anchorPoints.sub(b.get(0)), b.get(1).sub(anchorPoints)), -1);
    return maxDist < 0
        ? dist
        : dist.clamp(
            new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(maxDist - 0.01)));
  }

  /** {@link #boxToDist(Tensor, Tensor, double)} without clamping. */
  public static Tensor boxToDist(Tensor anchorPoints, Tensor xyxy) {
    return boxToDist(anchorPoints, xyxy, -1);
  }

  /**
   * Complete IoU ({@code bbox_iou(box1, box2, xywh=False, CIoU=True)}) of broadcastable {@code
   * (..., 4)} xyxy boxes; returns {@code (..., 1)}. The aspect-ratio trade-off weight {@code alpha}
   * carries no gradient, as upstream.
   */
  public static Tensor ciou(Tensor box1, Tensor box2) {
    TensorVector a = box1.chunk(4, -1);
    TensorVector b = box2.chunk(4, -1);
    Tensor ax1 = a.get(0), ay1 = a.get(1), ax2 = a.get(2), ay2 = a.get(3);
    Tensor bx1 = b.get(0), by1 = b.get(1), bx2 = b.get(2), by2 = b.get(3);
    Scalar eps = new Scalar(IOU_EPS);
    Tensor w1 = ax2.sub(ax1);
    Tensor h1 = ay2.sub(ay1).add(eps);
    Tensor w2 = bx2.sub(bx1);
    Tensor h2 = by2.sub(by1).add(eps);

    Tensor inter =
        clampMin0(ax2.minimum(bx2).sub(ax1.maximum(bx1)))
            .mul(clampMin0(ay2.minimum(by2).sub(ay1.maximum(by1))));
    Tensor union = w1.mul(h1).add(w2.mul(h2)).sub(inter).add(eps);
    Tensor iou = inter.div(union);

    Tensor cw = ax2.maximum(bx2).sub(ax1.minimum(bx1));
    Tensor ch = ay2.maximum(by2).sub(ay1.minimum(by1));
    Tensor c2 = cw.pow(new Scalar(2.0)).add(ch.pow(new Scalar(2.0))).add(eps);
    Tensor dx = bx1.add(bx2).sub(ax1).sub(ax2);
    Tensor dy = by1.add(by2).sub(ay1).sub(ay2);
    Tensor rho2 = dx.pow(new Scalar(2.0)).add(dy.pow(new Scalar(2.0))).div(new Scalar(4.0));
    Tensor v =
        w2.div(h2)
            .atan()
            .sub(w1.div(h1).atan())
            .pow(new Scalar(2.0))
            .mul(new Scalar(4 / (Math.PI * Math.PI)));
    Tensor alpha;
    try (NoGradGuard g = new NoGradGuard()) {
      alpha = v.div(v.sub(iou).add(new Scalar(1 + IOU_EPS))).detach();
    }
    return iou.sub(rho2.div(c2).add(v.mul(alpha)));
  }

  private static Tensor clampMin0(Tensor t) {
    return t.clamp_min(new Scalar(0.0));
  }
}
