package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A sample's boxes while it is augmented: classes and {@code x1 y1 x2 y2} pixel corners (row-major, 4 per box), and
 * for a pose data set each box's keypoints ({@code x y visibility} per keypoint, x y in the same pixels), and for
 * polygon labels each box's outline ({@code x1 y1 x2 y2 ...} in the same pixels, resampled to one point count), like
 * Ultralytics' {@code Instances} in xyxy, denormalised form. Every operation moves keypoints and outlines with the
 * boxes, so a transform written for boxes carries them along. Operations return new objects or mutate in place as
 * named.
 */
public final class Boxes {
  private final float[] cls;
  private final float[] xyxy;
  private final float[] kpts; // 3 * kptCount values per box, or null without keypoints
  private final int kptCount;
  private float[][] segs; // one outline per box (pixels), or null without polygons; replaced by withSegments

  public Boxes(float[] cls, float[] xyxy) {
    this(cls, xyxy, null, 0);
  }

  /**
   * Boxes with keypoints: {@code kpts} holds {@code kptCount} {@code x y visibility} triples per box, in pixels (null
   * for none).
   */
  public Boxes(float[] cls, float[] xyxy, float[] kpts, int kptCount) {
    checkArgument(xyxy.length == cls.length * 4, "%s classes but %s coordinates, expected %s",
        cls.length, xyxy.length, cls.length * 4);
    checkArgument(kpts == null || kptCount > 0 && kpts.length == cls.length * 3 * kptCount,
        "%s boxes of %s keypoints but %s keypoint values, expected %s", cls.length, kptCount,
        kpts == null ? 0 : kpts.length, cls.length * 3 * kptCount);
    this.cls = cls;
    this.xyxy = xyxy;
    this.kpts = kpts;
    this.kptCount = kpts == null ? 0 : kptCount;
  }

  /**
   * These boxes with one outline per box ({@code x1 y1 x2 y2 ...} in pixels, every outline of one length), or
   * without outlines ({@code null}). Returns this object.
   */
  public Boxes withSegments(float[][] outlines) {
    checkArgument(outlines == null || outlines.length == size(), "%s outlines for %s boxes",
        outlines == null ? 0 : outlines.length, size());
    this.segs = outlines;
    return this;
  }

  /** Whether these boxes carry outlines. */
  public boolean hasSegments() {
    return segs != null;
  }

  /** Each box's outline in pixels (live arrays), or null. */
  public float[][] segments() {
    return segs;
  }

  public static Boxes empty() {
    return new Boxes(new float[0], new float[0]);
  }

  /** From normalised {@code cx cy w h} rows, denormalised by the image size. */
  public static Boxes fromNormalizedXywh(float[] cls, float[] xywh, int w, int h) {
    float[] out = new float[xywh.length];
    for (int i = 0; i < xywh.length; i += 4) {
      float cx = xywh[i] * w;
      float cy = xywh[i + 1] * h;
      float bw = xywh[i + 2] * w;
      float bh = xywh[i + 3] * h;
      out[i] = cx - bw / 2;
      out[i + 1] = cy - bh / 2;
      out[i + 2] = cx + bw / 2;
      out[i + 3] = cy + bh / 2;
    }
    return new Boxes(cls.clone(), out);
  }

  /**
   * These boxes with keypoints given per box as normalised {@code x y visibility} rows (an {@code ImageLabels}'
   * keypoints), denormalised by the image size; null {@code normalized} returns these boxes unchanged.
   */
  public Boxes withNormalizedKeypoints(float[][] normalized, int count, int w, int h) {
    if (normalized == null) {
      return this;
    }
    checkArgument(normalized.length == size(), "keypoints of %s objects for %s boxes", normalized.length, size());
    float[] k = new float[size() * 3 * count];
    for (int i = 0; i < normalized.length; i++) {
      float[] row = normalized[i];
      checkArgument(row.length == 3 * count, "object %s has %s keypoint values, expected %s", i, row.length,
          3 * count);
      for (int j = 0; j < count; j++) {
        int o = (i * count + j) * 3;
        k[o] = row[3 * j] * w;
        k[o + 1] = row[3 * j + 1] * h;
        k[o + 2] = row[3 * j + 2];
      }
    }
    return new Boxes(cls, xyxy, k, count).withSegments(segs);
  }

  public int size() {
    return cls.length;
  }

  /** The classes (live array). */
  public float[] cls() {
    return cls;
  }

  /** The corners (live array). */
  public float[] xyxy() {
    return xyxy;
  }

  /** Whether these boxes carry keypoints. */
  public boolean hasKeypoints() {
    return kpts != null;
  }

  /** Keypoints per box (0 without keypoints). */
  public int keypointCount() {
    return kptCount;
  }

  /** The keypoints, {@link #keypointCount()} {@code x y visibility} triples per box in pixels (live array), or null. */
  public float[] keypoints() {
    return kpts;
  }

  /** Adds an offset to every coordinate, in place. */
  public Boxes translate(float dx, float dy) {
    for (int i = 0; i < xyxy.length; i += 4) {
      xyxy[i] += dx;
      xyxy[i + 1] += dy;
      xyxy[i + 2] += dx;
      xyxy[i + 3] += dy;
    }
    if (kpts != null) {
      for (int i = 0; i < kpts.length; i += 3) {
        kpts[i] += dx;
        kpts[i + 1] += dy;
      }
    }
    if (segs != null) {
      for (float[] sg : segs) {
        for (int i = 0; i < sg.length; i += 2) {
          sg[i] += dx;
          sg[i + 1] += dy;
        }
      }
    }
    return this;
  }

  /** Multiplies x by {@code sx} and y by {@code sy}, in place. */
  public Boxes scale(float sx, float sy) {
    for (int i = 0; i < xyxy.length; i += 4) {
      xyxy[i] *= sx;
      xyxy[i + 1] *= sy;
      xyxy[i + 2] *= sx;
      xyxy[i + 3] *= sy;
    }
    if (kpts != null) {
      for (int i = 0; i < kpts.length; i += 3) {
        kpts[i] *= sx;
        kpts[i + 1] *= sy;
      }
    }
    if (segs != null) {
      for (float[] sg : segs) {
        for (int i = 0; i < sg.length; i += 2) {
          sg[i] *= sx;
          sg[i + 1] *= sy;
        }
      }
    }
    return this;
  }

  /**
   * Clamps x to [0, w] and y to [0, h], in place; a keypoint outside first becomes invisible (visibility 0), as in
   * Ultralytics' {@code Instances.clip}.
   */
  public Boxes clip(float w, float h) {
    for (int i = 0; i < xyxy.length; i += 4) {
      xyxy[i] = clamp(xyxy[i], w);
      xyxy[i + 1] = clamp(xyxy[i + 1], h);
      xyxy[i + 2] = clamp(xyxy[i + 2], w);
      xyxy[i + 3] = clamp(xyxy[i + 3], h);
    }
    if (kpts != null) {
      for (int i = 0; i < kpts.length; i += 3) {
        if (kpts[i] < 0 || kpts[i] > w || kpts[i + 1] < 0 || kpts[i + 1] > h) {
          kpts[i + 2] = 0f;
        }
        kpts[i] = clamp(kpts[i], w);
        kpts[i + 1] = clamp(kpts[i + 1], h);
      }
    }
    if (segs != null) {
      for (float[] sg : segs) {
        for (int i = 0; i < sg.length; i += 2) {
          sg[i] = clamp(sg[i], w);
          sg[i + 1] = clamp(sg[i + 1], h);
        }
      }
    }
    return this;
  }

  private static float clamp(float v, float hi) {
    return Math.max(0f, Math.min(v, hi));
  }

  /**
   * Left-right mirror in an image {@code w} wide, in place: {@code x -> w - x}; keypoint {@code j} then takes the
   * place of keypoint {@code flipIdx[j]}'s mirror image (Ultralytics' {@code flip_idx}: left and right swap).
   */
  public Boxes flipLr(int w, int[] flipIdx) {
    for (int i = 0; i < xyxy.length; i += 4) {
      float x1 = xyxy[i];
      xyxy[i] = w - xyxy[i + 2];
      xyxy[i + 2] = w - x1;
    }
    if (kpts != null) {
      checkArgument(flipIdx != null && flipIdx.length == kptCount,
          "a left-right flip of %s keypoints per object needs a flip_idx of %s entries, got %s", kptCount, kptCount,
          flipIdx == null ? "none" : Arrays.toString(flipIdx));
      int stride = 3 * kptCount;
      float[] row = new float[stride];
      for (int b = 0; b < size(); b++) {
        int o = b * stride;
        for (int j = 0; j < kptCount; j++) {
          int src = o + 3 * flipIdx[j];
          row[3 * j] = w - kpts[src];
          row[3 * j + 1] = kpts[src + 1];
          row[3 * j + 2] = kpts[src + 2];
        }
        System.arraycopy(row, 0, kpts, o, stride);
      }
    }
    if (segs != null) {
      for (float[] sg : segs) {
        for (int i = 0; i < sg.length; i += 2) {
          sg[i] = w - sg[i];
        }
      }
    }
    return this;
  }

  /** Up-down mirror in an image {@code h} high, in place: {@code y -> h - y} (keypoints keep their order). */
  public Boxes flipUd(int h) {
    for (int i = 0; i < xyxy.length; i += 4) {
      float y1 = xyxy[i + 1];
      xyxy[i + 1] = h - xyxy[i + 3];
      xyxy[i + 3] = h - y1;
    }
    if (kpts != null) {
      for (int i = 1; i < kpts.length; i += 3) {
        kpts[i] = h - kpts[i];
      }
    }
    if (segs != null) {
      for (float[] sg : segs) {
        for (int i = 1; i < sg.length; i += 2) {
          sg[i] = h - sg[i];
        }
      }
    }
    return this;
  }

  /** The boxes whose {@code keep} flag is set, in order. */
  public Boxes filter(boolean[] keep) {
    checkArgument(keep.length == size(), "keep has %s flags for %s boxes", keep.length, size());
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    int stride = 3 * kptCount;
    float[] c = new float[n];
    float[] b = new float[4 * n];
    float[] k = kpts == null ? null : new float[stride * n];
    float[][] sg = segs == null ? null : new float[n][];
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        c[j] = cls[i];
        System.arraycopy(xyxy, 4 * i, b, 4 * j, 4);
        if (k != null) {
          System.arraycopy(kpts, stride * i, k, stride * j, stride);
        }
        if (sg != null) {
          sg[j] = segs[i];
        }
        j++;
      }
    }
    return new Boxes(c, b, k, kptCount).withSegments(sg);
  }

  /** Drops boxes with zero (or negative) width or height. */
  public Boxes removeZeroArea() {
    boolean[] keep = new boolean[size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = xyxy[4 * i + 2] - xyxy[4 * i] > 0 && xyxy[4 * i + 3] - xyxy[4 * i + 1] > 0;
    }
    return filter(keep);
  }

  /**
   * These boxes followed by the others'; all carry keypoints of one count or none does. Outlines are kept when every
   * part has them, resampled to the longest one's point count as Ultralytics' {@code Instances.concatenate} does.
   */
  public static Boxes concat(Boxes... parts) {
    int n = 0;
    int kc = -1;
    boolean outlines = parts.length > 0;
    int points = 0;
    for (Boxes p : parts) {
      outlines &= p.segs != null;
      if (p.segs != null) {
        for (float[] sg : p.segs) {
          points = Math.max(points, sg.length / 2);
        }
      }
    }
    for (Boxes p : parts) {
      n += p.size();
      int pk = p.hasKeypoints() ? p.kptCount : 0;
      checkArgument(kc < 0 || kc == pk, "cannot join boxes with %s and with %s keypoints each", kc, pk);
      kc = pk;
    }
    kc = Math.max(kc, 0);
    float[] c = new float[n];
    float[] b = new float[4 * n];
    float[] k = kc > 0 ? new float[3 * kc * n] : null;
    float[][] sg = outlines ? new float[n][] : null;
    int j = 0;
    for (Boxes p : parts) {
      System.arraycopy(p.cls, 0, c, j, p.size());
      System.arraycopy(p.xyxy, 0, b, 4 * j, 4 * p.size());
      if (k != null) {
        System.arraycopy(p.kpts, 0, k, 3 * kc * j, 3 * kc * p.size());
      }
      if (sg != null) {
        for (int i = 0; i < p.size(); i++) {
          float[] o = p.segs[i];
          sg[j + i] = o.length / 2 == points ? o : Polygons.resample(o, points);
        }
      }
      j += p.size();
    }
    return new Boxes(c, b, k, kc).withSegments(sg);
  }

  /** Normalised {@code cx cy w h} rows for an image of {@code w x h} (Ultralytics' Format step). */
  public float[] toNormalizedXywh(int w, int h) {
    float[] out = new float[xyxy.length];
    for (int i = 0; i < xyxy.length; i += 4) {
      out[i] = (xyxy[i] + xyxy[i + 2]) / 2 / w;
      out[i + 1] = (xyxy[i + 1] + xyxy[i + 3]) / 2 / h;
      out[i + 2] = (xyxy[i + 2] - xyxy[i]) / w;
      out[i + 3] = (xyxy[i + 3] - xyxy[i + 1]) / h;
    }
    return out;
  }

  /**
   * The keypoints as Ultralytics' Format leaves them: per box a row of {@code x y visibility} triples, x and y
   * divided by the image's {@code w} and {@code h}; null without keypoints.
   */
  public float[][] toNormalizedKeypoints(int w, int h) {
    if (kpts == null) {
      return null;
    }
    int stride = 3 * kptCount;
    float[][] out = new float[size()][stride];
    for (int b = 0; b < size(); b++) {
      for (int i = 0; i < stride; i += 3) {
        out[b][i] = kpts[b * stride + i] / w;
        out[b][i + 1] = kpts[b * stride + i + 1] / h;
        out[b][i + 2] = kpts[b * stride + i + 2];
      }
    }
    return out;
  }

  public Boxes copy() {
    float[][] sg = null;
    if (segs != null) {
      sg = new float[segs.length][];
      for (int i = 0; i < sg.length; i++) {
        sg[i] = segs[i].clone();
      }
    }
    return new Boxes(cls.clone(), xyxy.clone(), kpts == null ? null : kpts.clone(), kptCount).withSegments(sg);
  }

  @Override
  public String toString() {
    return "Boxes" + Arrays.toString(cls) + Arrays.toString(xyxy) + (kpts == null ? "" : Arrays.toString(kpts));
  }
}
