package dev.yolojava.core.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Non-maximum suppression with Ultralytics' semantics ({@code ultralytics.utils.nms.non_max_suppression}): candidates
 * above {@code conf}, best class (or multi-label), class filter, at most {@link NmsConfig#MAX_NMS} by confidence,
 * class-offset boxes, greedy suppression in stable descending score order with torchvision's float32 IoU, then
 * {@code max_det}.
 *
 * <p>The per-anchor confidence filter runs inside libtorch on the prediction's device for the whole batch; only the
 * surviving candidates come to the host, in one copy, where the greedy pass is a tight loop over float arrays.
 */
public final class Nms {
  private Nms() {}

  /**
   * Post-processes a batch of raw predictions.
   *
   * @param prediction {@code (B, 4 + nc, A)}: xywh boxes then class scores (YOLOv8/11), or {@code (B, K, 6)}
   *     end-to-end rows {@code x1 y1 x2 y2 score class} (YOLO26), on any device
   * @param endToEnd whether {@code prediction} holds end-to-end rows
   * @return per image, rows of {@code x1 y1 x2 y2 conf cls} in the prediction's pixel space
   */
  public static List<float[][]> apply(Tensor prediction, NmsConfig cfg, boolean endToEnd) {
    return apply(prediction, cfg, endToEnd, -1);
  }

  /**
   * As {@link #apply(Tensor, NmsConfig, boolean)} for predictions that carry {@code e} more values per anchor after
   * the {@code nc} class scores (a segmentation head's mask coefficients: {@code (B, 4 + nc + e, A)}, end-to-end
   * {@code (B, K, 6 + e)}); each kept row is {@code x1 y1 x2 y2 conf cls} followed by its anchor's {@code e}
   * values, as Ultralytics' {@code non_max_suppression(..., nc=nc)} keeps them. {@code nc < 0}: no extra values.
   */
  public static List<float[][]> apply(Tensor prediction, NmsConfig cfg, boolean endToEnd, int nc) {
    Tensor p = prediction.to(torch.ScalarType.Float);
    int batch = (int) p.size(0);
    if (endToEnd) {
      // rows (B, K, 6 + e) whose score is above conf, all images at once
      int rowWidth = (int) p.size(2);
      float[][] kept = perImage(p, p.select(2, 4).gt(new Scalar(cfg.conf())), batch);
      List<float[][]> out = new ArrayList<>(batch);
      for (float[] rows : kept) {
        out.add(endToEndImage(rows, rowWidth, cfg));
      }
      return out;
    }
    // The confidence filter runs for the whole batch on the device and the survivors leave it in one copy (per
    // image it cost two host syncs each); the greedy passes then run in parallel on the host (at validation's conf
    // 0.001 an untrained model sends up to 30,000 boxes per image).
    int classes = nc < 0 ? (int) p.size(1) - 4 : nc;
    int extra = (int) p.size(1) - 4 - classes;
    Tensor anchorsLast = p.transpose(1, 2);  // (B, A, 4 + nc + e)
    Tensor keep = p.narrow(1, 4, classes).amax(new long[] {1}, false).gt(new Scalar(cfg.conf()));
    float[][] candidates = perImage(anchorsLast, keep, batch);
    float[][][] out = new float[batch][][];
    java.util.stream.IntStream.range(0, batch).parallel()
        .forEach(b -> out[b] = greedy(candidates[b], classes, extra, cfg));
    return java.util.Arrays.asList(out);
  }

  /**
   * The rows {@code (B, N, W)} of {@code rows} where {@code keep (B, N)} holds, per image in their original order,
   * brought to the host with one synchronisation for the nonzero count and one copy.
   */
  private static float[][] perImage(Tensor rows, Tensor keep, int batch) {
    long n = rows.size(1);
    long width = rows.size(2);
    Tensor idx = torch.nonzero(keep);  // (K, 2) row-major: grouped by image, ascending within one
    Tensor image = idx.select(1, 0);
    Tensor flat = image.mul(new Scalar(n)).add(idx.select(1, 1));
    Tensor picked = rows.reshape(-1, width).index_select(0, flat);
    // the image index rides along as a last float column (exact: batches are far below 2^24)
    float[] host = Tensors.toFloatArray(torch.cat(new TensorVector(picked,
        image.to(torch.ScalarType.Float).unsqueeze(1)), 1));
    int w = (int) width + 1;
    int[] counts = new int[batch];
    for (int r = 0; r * w < host.length; r++) {
      counts[(int) host[r * w + w - 1]]++;
    }
    float[][] out = new float[batch][];
    int r = 0;
    for (int b = 0; b < batch; b++) {
      float[] img = new float[counts[b] * (w - 1)];
      for (int i = 0; i < counts[b]; i++, r++) {
        System.arraycopy(host, r * w, img, i * (w - 1), w - 1);
      }
      out[b] = img;
    }
    return out;
  }

  private static float[][] endToEndImage(float[] flat, int rowWidth, NmsConfig cfg) {
    int n = flat.length / rowWidth;
    List<float[]> dets = new ArrayList<>();
    for (int i = 0; i < n && dets.size() < cfg.maxDet(); i++) {
      float[] r = Arrays.copyOfRange(flat, i * rowWidth, (i + 1) * rowWidth);
      if (cfg.classes().isEmpty() || cfg.classes().contains((int) r[5])) {
        dets.add(r);
      }
    }
    return dets.toArray(new float[0][]);
  }

  private static float[][] greedy(float[] x, int nc, int extra, NmsConfig cfg) {
    int width = 4 + nc + extra;
    int rw = 6 + extra; // a kept row: x1 y1 x2 y2 conf cls, then the anchor's extra values
    int n = x.length / width;
    if (n == 0) {
      return new float[0][];
    }

    float[] det = new float[cfg.multiLabel() ? n * nc * rw : n * rw];
    int m = 0;
    for (int i = 0; i < n; i++) {
      int o = i * width;
      float hw = x[o + 2] / 2;
      float hh = x[o + 3] / 2;
      float x1 = x[o] - hw;
      float y1 = x[o + 1] - hh;
      float x2 = x[o] + hw;
      float y2 = x[o + 1] + hh;
      if (cfg.multiLabel() && nc > 1) {
        for (int c = 0; c < nc; c++) {
          float s = x[o + 4 + c];
          if (s > cfg.conf() && classAllowed(cfg, c)) {
            m = put(det, m, x1, y1, x2, y2, s, c, x, o + 4 + nc, extra);
          }
        }
      } else {
        int best = 0;
        for (int c = 1; c < nc; c++) {
          if (x[o + 4 + c] > x[o + 4 + best]) {
            best = c;
          }
        }
        float s = x[o + 4 + best];
        if (s > cfg.conf() && classAllowed(cfg, best)) {
          m = put(det, m, x1, y1, x2, y2, s, best, x, o + 4 + nc, extra);
        }
      }
    }
    int count = m / rw;
    if (count == 0) {
      return new float[0][];
    }
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    float[] d = det;
    // Stable descending sort by score, as torchvision's nms.
    Arrays.sort(order, (a, b) -> Float.compare(d[b * rw + 4], d[a * rw + 4]));
    if (count > NmsConfig.MAX_NMS) {
      order = Arrays.copyOf(order, NmsConfig.MAX_NMS);
      count = NmsConfig.MAX_NMS;
    }
    float[] bx = new float[count * 4];
    float[] area = new float[count];
    for (int k = 0; k < count; k++) {
      int r = order[k] * rw;
      float off = cfg.agnostic() ? 0f : d[r + 5] * NmsConfig.MAX_WH;
      bx[k * 4] = d[r] + off;
      bx[k * 4 + 1] = d[r + 1] + off;
      bx[k * 4 + 2] = d[r + 2] + off;
      bx[k * 4 + 3] = d[r + 3] + off;
      area[k] = (bx[k * 4 + 2] - bx[k * 4]) * (bx[k * 4 + 3] - bx[k * 4 + 1]);
    }
    boolean[] suppressed = new boolean[count];
    List<float[]> kept = new ArrayList<>();
    for (int i = 0; i < count && kept.size() < cfg.maxDet(); i++) {
      if (suppressed[i]) {
        continue;
      }
      int r = order[i] * rw;
      kept.add(Arrays.copyOfRange(d, r, r + rw));
      float ix1 = bx[i * 4];
      float iy1 = bx[i * 4 + 1];
      float ix2 = bx[i * 4 + 2];
      float iy2 = bx[i * 4 + 3];
      for (int j = i + 1; j < count; j++) {
        if (suppressed[j]) {
          continue;
        }
        float w = Math.max(0f, Math.min(ix2, bx[j * 4 + 2]) - Math.max(ix1, bx[j * 4]));
        float h = Math.max(0f, Math.min(iy2, bx[j * 4 + 3]) - Math.max(iy1, bx[j * 4 + 1]));
        float inter = w * h;
        float iou = inter / (area[i] + area[j] - inter);
        if (iou > cfg.iou()) {
          suppressed[j] = true;
        }
      }
    }
    return kept.toArray(new float[0][]);
  }

  private static boolean classAllowed(NmsConfig cfg, int c) {
    return cfg.classes().isEmpty() || cfg.classes().contains(c);
  }

  private static int put(float[] det, int m, float x1, float y1, float x2, float y2, float s, int c, float[] src,
      int extraAt, int extra) {
    det[m] = x1;
    det[m + 1] = y1;
    det[m + 2] = x2;
    det[m + 3] = y2;
    det[m + 4] = s;
    det[m + 5] = c;
    System.arraycopy(src, extraAt, det, m + 6, extra);
    return m + 6 + extra;
  }
}
