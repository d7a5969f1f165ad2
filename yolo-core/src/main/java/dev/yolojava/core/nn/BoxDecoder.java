package dev.yolojava.core.nn;

import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Turns raw head outputs into boxes: anchor grid (cell centres, as Ultralytics' {@code make_anchors} with offset
 * 0.5), distance-to-box decoding ({@code dist2bbox}) and the end-to-end top-k selection.
 */
public final class BoxDecoder {
  private BoxDecoder() {}

  /**
   * Anchor centres {@code (2, A)} in grid units and per-anchor strides {@code (1, A)} for feature maps of the given
   * shapes, level by level, row-major within a level.
   */
  public static Tensor[] anchors(List<Tensor> feats, double[] strides) {
    Tensor[] points = new Tensor[feats.size()];
    Tensor[] stridesPerAnchor = new Tensor[feats.size()];
    for (int i = 0; i < feats.size(); i++) {
      Tensor f = feats.get(i);
      long h = f.size(2);
      long w = f.size(3);
      Tensor sx = torch.arange(new Scalar(w), f.options()).add(new Scalar(0.5));
      Tensor sy = torch.arange(new Scalar(h), f.options()).add(new Scalar(0.5));
      TensorVector grid = torch.meshgrid(new TensorVector(sy, sx), "ij");
      points[i] = torch.stack(new TensorVector(grid.get(1), grid.get(0)), -1).view(-1, 2);
      stridesPerAnchor[i] = torch.full(new long[] {h * w, 1}, new Scalar(strides[i]), f.options());
    }
    return new Tensor[] {
      torch.cat(new TensorVector(points), 0).transpose(0, 1),
      torch.cat(new TensorVector(stridesPerAnchor), 0).transpose(0, 1)
    };
  }

  /**
   * {@code (B, 4 + nc, A)}: boxes in input pixels ({@code xywh} when {@code xywh}, else {@code xyxy}) followed by
   * sigmoid class scores.
   */
  static Tensor decode(HeadOutput head, double[] strides, int regMax, Dfl dfl, boolean xywh) {
    Tensor[] grid = anchors(head.feats(), strides);
    Tensor dist = dfl != null ? dfl.forward(head.boxes()) : head.boxes();
    Tensor boxes = dist2bbox(dist, grid[0].unsqueeze(0), xywh).mul(grid[1]);
    return torch.cat(new TensorVector(boxes, head.scores().sigmoid()), 1);
  }

  /** Left-top / right-bottom distances {@code (B, 4, A)} around anchor points {@code (1, 2, A)} to boxes. */
  public static Tensor dist2bbox(Tensor distance, Tensor anchorPoints, boolean xywh) {
    TensorVector ltrb = distance.chunk(2, 1);
    Tensor x1y1 = anchorPoints.sub(ltrb.get(0));
    Tensor x2y2 = anchorPoints.add(ltrb.get(1));
    if (xywh) {
      Tensor centre = x1y1.add(x2y2).div(new Scalar(2.0));
      return torch.cat(new TensorVector(centre, x2y2.sub(x1y1)), 1);
    }
    return torch.cat(new TensorVector(x1y1, x2y2), 1);
  }

  /**
   * Ultralytics' end-to-end {@code postprocess}: from {@code (B, A, 4 + nc + e)} keeps the {@code min(maxDet, A)}
   * best (anchor, class) pairs, first preselecting the best anchors by their top class score. Returns
   * {@code (B, k, 6 + e)} rows {@code x1 y1 x2 y2 score class} and the anchor's {@code e} extra values (a
   * segmentation head's mask coefficients), best first.
   */
  public static Tensor topK(Tensor preds, int nc, int maxDet) {
    long extra = preds.size(-1) - 4 - nc;
    TensorVector parts = extra > 0 ? preds.split(new long[] {4, nc, extra}, -1) : preds.split(new long[] {4, nc}, -1);
    Tensor boxes = parts.get(0);
    Tensor scores = parts.get(1);
    long k = Math.min(maxDet, scores.size(1));
    T_TensorTensor_T best = scores.max(-1);
    Tensor anchorIdx = best.get0().topk(k).get1().unsqueeze(-1);
    Tensor candidate = scores.gather(1, anchorIdx.repeat(1, 1, nc));
    T_TensorTensor_T top = candidate.flatten(1, -1).topk(k);
    Tensor flatIdx = top.get1();
    Tensor idx = anchorIdx.gather(1, flatIdx.floor_divide(new Scalar(nc)).unsqueeze(-1));
    Tensor cls = flatIdx.remainder(new Scalar(nc)).unsqueeze(-1).to(ScalarType.Float);
    Tensor picked = boxes.gather(1, idx.repeat(1, 1, 4));
    if (extra > 0) {
      Tensor extras = parts.get(2).gather(1, idx.repeat(1, 1, extra));
      return torch.cat(new TensorVector(picked, top.get0().unsqueeze(-1), cls, extras), -1);
    }
    return torch.cat(new TensorVector(picked, top.get0().unsqueeze(-1), cls), -1);
  }
}
