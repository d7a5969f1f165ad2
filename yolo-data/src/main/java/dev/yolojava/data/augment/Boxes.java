package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A sample's boxes while it is augmented: classes and {@code x1 y1 x2 y2} pixel corners (row-major, 4 per box),
 * like Ultralytics' {@code Instances} in xyxy, denormalised form. Operations return new objects or mutate in place
 * as named.
 */
public final class Boxes {
  private final float[] cls;
  private final float[] xyxy;

  public Boxes(float[] cls, float[] xyxy) {
    checkArgument(xyxy.length == cls.length * 4, "%s classes but %s coordinates, expected %s",
        cls.length, xyxy.length, cls.length * 4);
    this.cls = cls;
    this.xyxy = xyxy;
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

  /** Adds an offset to every coordinate, in place. */
  public Boxes translate(float dx, float dy) {
    for (int i = 0; i < xyxy.length; i += 4) {
      xyxy[i] += dx;
      xyxy[i + 1] += dy;
      xyxy[i + 2] += dx;
      xyxy[i + 3] += dy;
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
    return this;
  }

  /** Clamps x to [0, w] and y to [0, h], in place. */
  public Boxes clip(float w, float h) {
    for (int i = 0; i < xyxy.length; i += 4) {
      xyxy[i] = clamp(xyxy[i], w);
      xyxy[i + 1] = clamp(xyxy[i + 1], h);
      xyxy[i + 2] = clamp(xyxy[i + 2], w);
      xyxy[i + 3] = clamp(xyxy[i + 3], h);
    }
    return this;
  }

  private static float clamp(float v, float hi) {
    return Math.max(0f, Math.min(v, hi));
  }

  /** The boxes whose {@code keep} flag is set, in order. */
  public Boxes filter(boolean[] keep) {
    checkArgument(keep.length == size(), "keep has %s flags for %s boxes", keep.length, size());
    int n = 0;
    for (boolean k : keep) {
      n += k ? 1 : 0;
    }
    float[] c = new float[n];
    float[] b = new float[4 * n];
    int j = 0;
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        c[j] = cls[i];
        System.arraycopy(xyxy, 4 * i, b, 4 * j, 4);
        j++;
      }
    }
    return new Boxes(c, b);
  }

  /** Drops boxes with zero (or negative) width or height. */
  public Boxes removeZeroArea() {
    boolean[] keep = new boolean[size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = xyxy[4 * i + 2] - xyxy[4 * i] > 0 && xyxy[4 * i + 3] - xyxy[4 * i + 1] > 0;
    }
    return filter(keep);
  }

  /** These boxes followed by the others'. */
  public static Boxes concat(Boxes... parts) {
    int n = 0;
    for (Boxes p : parts) {
      n += p.size();
    }
    float[] c = new float[n];
    float[] b = new float[4 * n];
    int j = 0;
    for (Boxes p : parts) {
      System.arraycopy(p.cls, 0, c, j, p.size());
      System.arraycopy(p.xyxy, 0, b, 4 * j, 4 * p.size());
      j += p.size();
    }
    return new Boxes(c, b);
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

  public Boxes copy() {
    return new Boxes(cls.clone(), xyxy.clone());
  }

  @Override
  public String toString() {
    return "Boxes" + Arrays.toString(cls) + Arrays.toString(xyxy);
  }
}
