package dev.yolojava.data.augment;

import dev.yolojava.data.ImageLabels;
import dev.yolojava.data.LoadedImage;
import dev.yolojava.data.RatioPad;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.image.Letterbox;
import dev.yolojava.data.image.LetterboxGeometry;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Validation preprocessing as Ultralytics: the loaded image (long side imgsz) letterboxed into the batch shape with
 * {@code auto=False, scaleup=False}, centred, pad 114; boxes scaled and shifted with it, and so are polygon labels,
 * first resampled to {@link Polygons#resampleCount} points as Ultralytics' dataset does, and keypoints.
 */
public final class ValTransform {
  private final YoloDataset dataset;

  public ValTransform(YoloDataset dataset) {
    this.dataset = dataset;
  }

  /**
   * A letterboxed sample; the caller owns (closes) {@code image}. {@code segments}: each box's outline in the
   * letterboxed image's pixels ({@code x1 y1 x2 y2 ...}, float32), or null when the labels have no polygons;
   * {@code keypoints}: each box's keypoints ({@code x y visibility} each) with x y in the letterboxed image's pixels,
   * or null when the labels have none.
   */
  public record Result(Mat image, Boxes boxes, RatioPad ratioPad, float[][] segments, float[][] keypoints) {}

  public Result apply(int index, int targetH, int targetW) {
    ImageLabels l = dataset.labels(index);
    try (LoadedImage li = dataset.load(index)) {
      LetterboxGeometry g = new Letterbox(targetH, targetW, false, false, true, 32).geometry(li.height(), li.width());
      Mat out = Letterbox.apply(li.image(), g);
      Boxes b = TrainTransform.pixelBoxes(l, li).scale((float) g.ratio(), (float) g.ratio())
          .translate(g.left(), g.top());
      RatioPad rp = new RatioPad((double) li.height() / li.origH(), (double) li.width() / li.origW(), g.left(),
          g.top());
      return new Result(out, b, rp, segments(l, li.width(), li.height(), (float) g.ratio(), g.left(), g.top()),
          keypoints(l, li.width(), li.height(), (float) g.ratio(), g.left(), g.top()));
    }
  }

  /** Ultralytics' LetterBox on segments: normalised, times the loaded size, times the ratio, plus the padding. */
  private static float[][] segments(ImageLabels l, int w, int h, float ratio, int left, int top) {
    if (l.segments() == null) {
      return null;
    }
    int n = Polygons.resampleCount(l.segments());
    float[][] out = new float[l.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] s = Polygons.resample(l.segments()[i], n);
      for (int k = 0; k < s.length; k += 2) {
        s[k] = s[k] * w * ratio + left;
        s[k + 1] = s[k + 1] * h * ratio + top;
      }
      out[i] = s;
    }
    return out;
  }

  /** LetterBox on keypoints as Ultralytics' {@code Instances}: x y as the segments' points, visibility kept. */
  private static float[][] keypoints(ImageLabels l, int w, int h, float ratio, int left, int top) {
    if (l.keypoints() == null) {
      return null;
    }
    float[][] out = new float[l.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] k = l.keypoints()[i].clone();
      for (int j = 0; j < k.length; j += 3) {
        k[j] = k[j] * w * ratio + left;
        k[j + 1] = k[j + 1] * h * ratio + top;
      }
      out[i] = k;
    }
    return out;
  }
}
