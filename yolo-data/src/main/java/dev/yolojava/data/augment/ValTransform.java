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
 * {@code auto=False, scaleup=False}, centred, pad 114; boxes scaled and shifted with it.
 */
public final class ValTransform {
  private final YoloDataset dataset;

  public ValTransform(YoloDataset dataset) {
    this.dataset = dataset;
  }

  /** A letterboxed sample; the caller owns (closes) {@code image}. */
  public record Result(Mat image, Boxes boxes, RatioPad ratioPad) {}

  public Result apply(int index, int targetH, int targetW) {
    ImageLabels l = dataset.labels(index);
    try (LoadedImage li = dataset.load(index)) {
      LetterboxGeometry g = new Letterbox(targetH, targetW, false, false, true, 32).geometry(li.height(), li.width());
      Mat out = Letterbox.apply(li.image(), g);
      Boxes b = TrainTransform.pixelBoxes(l, li).scale((float) g.ratio(), (float) g.ratio())
          .translate(g.left(), g.top());
      RatioPad rp = new RatioPad((double) li.height() / li.origH(), (double) li.width() / li.origW(), g.left(),
          g.top());
      return new Result(out, b, rp);
    }
  }
}
