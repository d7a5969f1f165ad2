package dev.yolojava.data.augment;

import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.data.ImageLabels;
import dev.yolojava.data.KeypointSpec;
import dev.yolojava.data.LoadedImage;
import dev.yolojava.data.YoloDataset;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(TrainTransform.class);
  private final YoloDataset dataset;
  private final AugmentConfig cfg;
  private final RandomPerspective perspective;
  private final RandomHsv hsv;
  private final int s;
  private final int kptCount; // keypoints per object of a pose data set, else 0
  private final int[] flipIdx; // the pose data set's flip_idx, or null
  private final double fliplr;
  private final boolean outlines; // polygon labels: each box's outline goes through the augmentation

  public TrainTransform(YoloDataset dataset, AugmentConfig cfg) {
    this.dataset = dataset;
    this.cfg = cfg;
    this.perspective = RandomPerspective.of(cfg);
    this.hsv = RandomHsv.of(cfg);
    this.s = dataset.imgsz();
    this.outlines = dataset.hasSegments();
    KeypointSpec k = dataset.keypoints();
    this.kptCount = k == null ? 0 : k.count();
    this.flipIdx = k == null || k.flipIdx().isEmpty() ? null : k.flipIdx().stream().mapToInt(Integer::intValue)
        .toArray();
    if (k != null && flipIdx == null && cfg.fliplr() > 0) {
      // as Ultralytics: without flip_idx a mirrored pose would swap left and right keypoints' meaning
      LOG.warn("fliplr={} needs 'flip_idx' in the data.yaml of a pose data set (the keypoint each keypoint becomes in"
          + " a left-right flip): no left-right flips", cfg.fliplr());
      this.fliplr = 0;
    } else {
      this.fliplr = cfg.fliplr();
    }
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

    /** {@code {height, width}} of what {@link #load} returns for {@code index}; by default it loads the image. */
    default int[] shape(int index) {
      try (LoadedImage li = load(index)) {
        return new int[] {li.height(), li.width()};
      }
    }
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
    if (rng.random() < fliplr) {
      RandomFlip.flipImage(img, spare, true);
      RandomFlip.flipBoxesLr(boxes, s, flipIdx);
      img = spare;
    }
    boolean keepBgr = !(rng.random() > cfg.bgr());
    return new Result(img, boxes, keepBgr);
  }

  /**
   * Whether {@link #plan} can describe every sample of this configuration: no MixUp, CutMix or perspective (their
   * pixels are only made on the CPU by {@link #apply}).
   */
  public boolean plannable() {
    return cfg.mixup() == 0 && cfg.cutmix() == 0 && !perspective.isPerspective();
  }

  /**
   * The same draws as {@link #apply} (same boxes for the same {@code rng}), without touching a pixel: where each
   * source image lands, the warp, the colour tables and the flips, for rendering elsewhere (e.g. on the GPU).
   */
  public SamplePlan plan(int index, SampleRandom rng, ImageSource src) {
    checkState(plannable(), "mixup=%s cutmix=%s perspective=%s: only the CPU pipeline renders these",
        cfg.mixup(), cfg.cutmix(), cfg.perspective());
    Layout l = layout(index, rng, src, null);
    RandomPerspective.Params p = perspective.sample(rng, l.canvasW, l.canvasH, s, s);
    Boxes boxes = perspective.apply(l.boxes, p, s, s);
    boolean mix = !(rng.random() > cfg.mixup()) | !(rng.random() > cfg.cutmix()); // both drawn, as apply does
    checkState(!mix, "sample %s drew a mix at probability 0", index);
    byte[] lut = hsv.draw(rng);
    boolean ud = rng.random() < cfg.flipud();
    if (ud) {
      RandomFlip.flipBoxesUd(boxes, s);
    }
    boolean lr = rng.random() < fliplr;
    if (lr) {
      RandomFlip.flipBoxesLr(boxes, s, flipIdx);
    }
    boolean keepBgr = !(rng.random() > cfg.bgr());
    return new SamplePlan(l.sources, l.tiles, l.xc, l.yc, p.m(), boxes, lut, ud, lr, keepBgr);
  }

  /**
   * Where the pre-transform's source images go: the mosaic tiles around centre {@code (xc, yc)} on a 2s canvas, or
   * one tile holding the whole image (centre beyond it); boxes in canvas pixels.
   */
  private record Layout(int[] sources, Mosaic.Tile[] tiles, int xc, int yc, int canvasW, int canvasH, Boxes boxes) {}

  /**
   * Draws the mosaic (or not) and loads the sources into {@code imgs} (the caller closes them); with {@code imgs}
   * null only their sizes are read ({@link ImageSource#shape}).
   */
  private Layout layout(int index, SampleRandom rng, ImageSource src, LoadedImage[] imgs) {
    if (!(rng.random() > cfg.mosaic())) {
      int[] idx = {index, src.partner(rng), src.partner(rng), src.partner(rng)};
      Boxes[] boxes = new Boxes[4];
      int[][] hw = new int[4][];
      for (int i = 0; i < 4; i++) {
        hw[i] = shape(idx[i], src, imgs, i);
        boxes[i] = pixelBoxes(dataset.labels(idx[i]), hw[i], kptCount, outlines);
      }
      int[] c = Mosaic.center(s, rng);
      Mosaic.Tile[] tiles = Mosaic.layout(s, c[0], c[1], hw);
      return new Layout(idx, tiles, c[0], c[1], 2 * s, 2 * s, Mosaic.mergeBoxes(s, tiles, boxes));
    }
    int[] hw = shape(index, src, imgs, 0);
    int w = hw[1];
    int h = hw[0];
    Mosaic.Tile whole = new Mosaic.Tile(0, 0, w, h, 0, 0, w, h);
    Mosaic.Tile none = new Mosaic.Tile(0, 0, 0, 0, 0, 0, 0, 0);
    return new Layout(new int[] {index, index, index, index}, new Mosaic.Tile[] {whole, none, none, none},
        Integer.MAX_VALUE, Integer.MAX_VALUE, w, h, pixelBoxes(dataset.labels(index), hw, kptCount, outlines));
  }

  /** {@code {h, w}} of sample {@code index}; loads it into {@code imgs[i]} when there are images to keep. */
  private static int[] shape(int index, ImageSource src, LoadedImage[] imgs, int i) {
    if (imgs == null) {
      return src.shape(index);
    }
    imgs[i] = src.load(index);
    return new int[] {imgs[i].height(), imgs[i].width()};
  }

  /** Mosaic (or the single image) then RandomPerspective into {@code warp}; returns the surviving boxes. */
  private Boxes preTransform(int index, SampleRandom rng, Mat canvas, Mat warp, ImageSource src) {
    LoadedImage[] imgs = new LoadedImage[4];
    try {
      Layout l = layout(index, rng, src, imgs);
      Mat from;
      if (imgs[1] != null) {
        Mosaic.paint(s, l.tiles, new Mat[] {imgs[0].image(), imgs[1].image(), imgs[2].image(), imgs[3].image()},
            canvas);
        from = canvas;
      } else {
        from = imgs[0].image();
      }
      RandomPerspective.Params p = perspective.sample(rng, from.cols(), from.rows(), s, s);
      perspective.warp(from, warp, p.m(), s, s);
      return perspective.apply(l.boxes, p, s, s);
    } finally {
      for (LoadedImage li : imgs) {
        if (li != null) {
          li.close();
        }
      }
    }
  }

  static Boxes pixelBoxes(ImageLabels l, LoadedImage img) {
    return Boxes.fromNormalizedXywh(l.cls(), l.boxes(), img.width(), img.height());
  }

  /**
   * The labels' boxes, keypoints when {@code kptCount > 0} and outlines when {@code outlines} (resampled as
   * Ultralytics' {@code update_labels_info} does), in the pixels of an image of {@code hw}.
   */
  private static Boxes pixelBoxes(ImageLabels l, int[] hw, int kptCount, boolean outlines) {
    Boxes b = Boxes.fromNormalizedXywh(l.cls(), l.boxes(), hw[1], hw[0]);
    if (outlines) {
      float[][] segs = new float[l.size()][];
      if (l.size() > 0) {
        int n = Polygons.resampleCount(l.segments());
        for (int i = 0; i < segs.length; i++) {
          float[] sg = Polygons.resample(l.segments()[i], n);
          for (int j = 0; j < sg.length; j += 2) {
            sg[j] *= hw[1];
            sg[j + 1] *= hw[0];
          }
          segs[i] = sg;
        }
      }
      b.withSegments(segs);
    }
    if (kptCount == 0) {
      return b;
    }
    if (l.keypoints() == null) { // an image without objects
      return new Boxes(b.cls(), b.xyxy(), new float[0], kptCount);
    }
    return b.withNormalizedKeypoints(l.keypoints(), kptCount, hw[1], hw[0]);
  }
}
