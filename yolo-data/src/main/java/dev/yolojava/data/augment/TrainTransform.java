package dev.yolojava.data.augment;

import dev.yolojava.data.ImageLabels;
import dev.yolojava.data.LoadedImage;
import dev.yolojava.data.YoloDataset;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The training pipeline in Ultralytics' order: Mosaic (p {@code mosaic}, 2s canvas) -> [CopyPaste: segments only,
 * a no-op for boxes] -> RandomPerspective (output s x s) -> MixUp (p {@code mixup}) -> CutMix (p {@code cutmix})
 * -> [Albumentations: skipped] -> RandomHSV -> vertical flip (p {@code flipud}) -> horizontal flip (p
 * {@code fliplr}) -> Format (BGR to RGB unless p {@code bgr}). Mosaic partners are drawn from the whole dataset
 * by default (Ultralytics does so with {@code cache=ram}); an {@link ImageSource} can narrow them to a pool of
 * already decoded images (Ultralytics uses a buffer of recently loaded ones) so a sample costs about one decode.
 * Thread-safe; each thread passes its own {@link AugmentBuffers}.
 */
public final class TrainTransform {
  private final YoloDataset dataset;
  private final AugmentConfig cfg;
  private final RandomPerspective perspective;
  private final RandomHsv hsv;
  private final int s;

  public TrainTransform(YoloDataset dataset, AugmentConfig cfg) {
    this.dataset = dataset;
    this.cfg = cfg;
    this.perspective = RandomPerspective.of(cfg);
    this.hsv = RandomHsv.of(cfg);
    this.s = dataset.imgsz();
  }

  public AugmentConfig config() {
    return cfg;
  }

  /**
   * An augmented sample: a BGR {@code s x s} image living in the caller's buffers (valid until their next use),
   * its boxes in pixels, and whether channels stay BGR (the {@code bgr} augmentation).
   */
  public record Result(Mat image, Boxes boxes, boolean keepBgr) {}

  /** Where the pipeline gets images and mix partners. */
  public interface ImageSource {
    /** Sample {@code index}'s image, long side at imgsz; closed by the pipeline after use. */
    LoadedImage load(int index);

    /** A dataset index to mix with (mosaic tiles, MixUp, CutMix). */
    int partner(SampleRandom rng);
  }

  /** The whole dataset: every load decodes (or reads the cache); partners uniform over all samples. */
  public ImageSource datasetSource() {
    return new ImageSource() {
      @Override
      public LoadedImage load(int index) {
        return dataset.load(index);
      }

      @Override
      public int partner(SampleRandom rng) {
        return rng.randint(0, dataset.size() - 1);
      }
    };
  }

  public Result apply(int index, SampleRandom rng, AugmentBuffers buf) {
    return apply(index, rng, buf, datasetSource());
  }

  public Result apply(int index, SampleRandom rng, AugmentBuffers buf, ImageSource src) {
    Boxes boxes = preTransform(index, rng, buf.canvas, buf.warp, src);
    Mat img = buf.warp;
    if (!(rng.random() > cfg.mixup())) {
      int j = src.partner(rng);
      Boxes b2 = preTransform(j, rng, buf.canvas2, buf.warp2, src);
      boxes = MixTransforms.mixUp(img, boxes, buf.warp2, b2, rng);
    }
    if (!(rng.random() > cfg.cutmix())) {
      int j = src.partner(rng);
      Boxes b2 = preTransform(j, rng, buf.canvas2, buf.warp2, src);
      boxes = MixTransforms.cutMix(img, boxes, buf.warp2, b2, rng);
    }
    hsv.apply(img, buf.hsv, rng);
    Mat spare = buf.flip;
    if (rng.random() < cfg.flipud()) {
      RandomFlip.flipImage(img, spare, false);
      RandomFlip.flipBoxesUd(boxes, s);
      Mat t = img;
      img = spare;
      spare = t;
    }
    if (rng.random() < cfg.fliplr()) {
      RandomFlip.flipImage(img, spare, true);
      RandomFlip.flipBoxesLr(boxes, s);
      img = spare;
    }
    boolean keepBgr = !(rng.random() > cfg.bgr());
    return new Result(img, boxes, keepBgr);
  }

  /** Mosaic (or the single image) then RandomPerspective into {@code warp}; returns the surviving boxes. */
  private Boxes preTransform(int index, SampleRandom rng, Mat canvas, Mat warp, ImageSource src) {
    if (!(rng.random() > cfg.mosaic())) {
      int[] idx = {index, src.partner(rng), src.partner(rng), src.partner(rng)};
      LoadedImage[] imgs = new LoadedImage[4];
      try {
        Mat[] mats = new Mat[4];
        Boxes[] boxes = new Boxes[4];
        int[][] hw = new int[4][];
        for (int i = 0; i < 4; i++) {
          imgs[i] = src.load(idx[i]);
          mats[i] = imgs[i].image();
          hw[i] = new int[] {imgs[i].height(), imgs[i].width()};
          boxes[i] = pixelBoxes(dataset.labels(idx[i]), imgs[i]);
        }
        int[] c = Mosaic.center(s, rng);
        Boxes merged = Mosaic.build(s, Mosaic.layout(s, c[0], c[1], hw), mats, boxes, canvas);
        return warp(canvas, merged, rng, warp);
      } finally {
        for (LoadedImage li : imgs) {
          if (li != null) {
            li.close();
          }
        }
      }
    }
    try (LoadedImage li = src.load(index)) {
      return warp(li.image(), pixelBoxes(dataset.labels(index), li), rng, warp);
    }
  }

  private Boxes warp(Mat src, Boxes boxes, SampleRandom rng, Mat warp) {
    RandomPerspective.Params p = perspective.sample(rng, src.cols(), src.rows(), s, s);
    perspective.warp(src, warp, p.m(), s, s);
    return perspective.apply(boxes, p, s, s);
  }

  static Boxes pixelBoxes(ImageLabels l, LoadedImage img) {
    return Boxes.fromNormalizedXywh(l.cls(), l.boxes(), img.width(), img.height());
  }
}
