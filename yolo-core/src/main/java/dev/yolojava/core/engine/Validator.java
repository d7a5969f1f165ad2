package dev.yolojava.core.engine;

import dev.yolojava.core.loss.DetectionLoss;
import dev.yolojava.core.loss.Targets;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.ConfusionMatrix;
import dev.yolojava.core.metrics.ConfusionMatrixPlot;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.core.metrics.ImageStats;
import dev.yolojava.core.metrics.MetricsPlots;
import dev.yolojava.core.metrics.PoseMetrics;
import dev.yolojava.core.metrics.SegmentMetrics;
import dev.yolojava.core.metrics.TaskMetrics;
import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.ops.Nms;
import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.core.ops.Tensors;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.runtime.ProgressBar;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.LoaderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' detection validation: rectangular letterboxed batches, NMS at conf 0.001 / iou 0.7 with several
 * labels per box, predictions matched to labels in the network-input space at ten IoU thresholds, then
 * {@link DetMetrics}. The per-image statistics are kept so shards validated apart merge into the same metrics.
 * A segment model is validated as Ultralytics' {@code SegmentationValidator}: the same box statistics plus each
 * prediction's match by mask IoU ({@link SegmentValidation}), giving {@link SegmentMetrics} as well; a pose model as
 * its {@code PoseValidator}: keypoint labels, and each prediction's match by keypoint OKS ({@link PoseValidation}),
 * giving {@link PoseMetrics}.
 */
public final class Validator {
  private static final Logger LOG = LoggerFactory.getLogger(Validator.class);

  private final YoloModel model;
  // what runs the images: the eager model, or an exported runtime (then model is null and no loss is possible)
  private final InferenceBackend backend;
  private Path jsonFile; // save_json: where the COCO-style predictions go, or null
  private boolean rect = true; // val's rectangular batches (rect=False: square letterboxes)
  private boolean overlapMask = true; // segment: overlap_mask
  private int maskRatio = 4; // segment: mask_ratio

  public Validator(YoloModel model) {
    model.requireTask("val", "detect", "segment", "pose");
    this.model = model;
    this.backend = model;
  }

  /** Validates on the {@code val} split of a data set ({@code data.yaml} path, directory or {@code synthetic}). */
  /** A validator over an exported runtime (ONNX Runtime, TensorRT): metrics only, no loss. */
  public Validator(InferenceBackend backend) {
    this.model = null;
    this.backend = backend;
  }

  /**
   * Also writes the predictions as COCO-style JSON ({@code save_json}) to {@code file}: one entry per box with
   * {@code image_id} (the file stem, a number when it is one), {@code file_name}, {@code category_id} (class id + 1,
   * Ultralytics' map for data sets other than COCO), {@code bbox} {@code [x, y, w, h]} in original pixels (3
   * decimals) and {@code score} (5 decimals). Returns this validator.
   */
  public Validator savingJsonTo(Path file) {
    this.jsonFile = file;
    return this;
  }

  /**
   * Ultralytics' {@code rect} for val: true (its {@code val} default) letterboxes each batch to its own minimal
   * rectangle; false letterboxes every image to the square {@code imgsz}. Returns this validator.
   */
  public Validator rect(boolean on) {
    this.rect = on;
    return this;
  }

  /**
   * Ultralytics' {@code overlap_mask} and {@code mask_ratio} for a segment model's ground-truth masks (defaults true
   * and 4): one index map per image with the labels sorted by area, or one mask per label; drawn at the input size
   * divided by the ratio. Ignored for detection. Returns this validator.
   */
  public Validator masks(boolean overlap, int ratio) {
    com.google.common.base.Preconditions.checkArgument(ratio >= 1, "mask_ratio=%s, expected an integer >= 1", ratio);
    this.overlapMask = overlap;
    this.maskRatio = ratio;
    return this;
  }

  public ValidationResult validate(String data, ValOptions o) {
    DataConfig cfg = DataConfig.resolve(data);
    DatasetOptions dopts = datasetOptions(cfg, DatasetOptions.of(o.imgsz()).withCache(CacheMode.NONE)
        .withSingleCls(o.singleCls()).withClasses(o.classes()));
    try (YoloDataset ds = YoloDataset.open(cfg, Split.VAL, dopts)) {
      return validate(ds, o, 0, 1);
    }
  }

  /**
   * The options this validator's model opens {@code cfg}'s val split with: a pose model's labels are read as keypoint
   * labels of the data.yaml's {@code kpt_shape} (which must be the model's); other models' as they are.
   */
  public DatasetOptions datasetOptions(DataConfig cfg, DatasetOptions options) {
    int[] kpt = backend.keypointShape();
    return kpt == null ? options : PoseValidation.options(kpt, cfg, options);
  }

  /**
   * Validates one shard ({@code rank} of {@code worldSize}) of an open data set. Image indices in the returned
   * statistics are positions in the unsharded validation order, so shards merge exactly.
   */
  public ValidationResult validate(YoloDataset ds, ValOptions o, int rank, int worldSize) {
    return validate(ds, o, rank, worldSize, null);
  }

  /**
   * As {@link #validate(YoloDataset, ValOptions, int, int)}, also averaging {@code loss}'s items over the batches
   * (the {@code val/*_loss} columns of training's results.csv); {@code loss} may be null.
   */
  public ValidationResult validate(YoloDataset ds, ValOptions o, int rank, int worldSize, DetectionLoss loss) {
    com.google.common.base.Preconditions.checkArgument(
        loss == null || model != null, "val: an exported model has no training head, so val loss is unavailable");
    boolean segment = backend.segments();
    int[] kptShape = backend.keypointShape();
    PoseValidation pose = kptShape == null ? null : new PoseValidation(kptShape);
    if (pose != null) {
      PoseValidation.requireKeypoints(ds, kptShape);
    }
    // with save_json Ultralytics compares masks at the input size (process_mask_native), else at a quarter of it
    SegmentValidation seg = segment ? new SegmentValidation(overlapMask, maskRatio, jsonFile != null) : null;
    if (segment) {
      SegmentValidation.requirePolygons(ds);
      if (jsonFile != null) {
        LOG.warn("save_json: the predictions file gets the boxes; the masks' run-length encodings (Ultralytics'"
            + " 'segmentation' entries) are not written by this build");
      }
    }
    int valBatch = o.batch();
    if (backend.fixedBatch() > 0 && backend.fixedBatch() != valBatch) {
      // a static export takes its own batch size only: Ultralytics validates such models at it too
      valBatch = backend.fixedBatch();
      LOG.info("Setting batch={} input of shape ({}, 3, {}, {}) for this static export", valBatch, valBatch,
          backend.fixedImgsz() == null ? o.imgsz() : backend.fixedImgsz()[0],
          backend.fixedImgsz() == null ? o.imgsz() : backend.fixedImgsz()[1]);
    }
    LoaderOptions lo = LoaderOptions.val(valBatch, o.workers());
    // fixed-size exports take square letterboxes only, as Ultralytics' non-PyTorch backends do
    lo = new LoaderOptions(lo.batchSize(), lo.workers(), false, false, lo.seed(), rank, worldSize, lo.prefetch(),
        lo.pinMemory(), rect && backend.fixedImgsz() == null, backend.maxStride(), 0.5, false);
    NmsConfig nms = new NmsConfig(o.conf(), o.iou(), o.maxDet(), Set.of(), o.singleCls(), true);
    BoxStats stats = new BoxStats();
    ConfusionMatrix cm = new ConfusionMatrix(backend.names());
    float cmConf = ConfusionMatrix.confFor((double) o.conf());
    boolean half = o.half() && backend.device().isCuda() && (model != null || backend.isHalf());
    if (model != null) {
      model.half(half);
    }
    long tPre = 0;
    long tInf = 0;
    long tPost = 0;
    int seen = 0;
    double[] lossSum = null;
    int batches = 0;
    CocoJson json = jsonFile == null ? null : new CocoJson();
    // Statistics are keyed by the image's index in the data set, so shards merge in one well-defined order.
    java.util.Map<java.nio.file.Path, Integer> positions = new java.util.HashMap<>();
    for (int i = 0; i < ds.size(); i++) {
      positions.put(ds.labels(i).image(), i);
    }
    // validation inside training (not verbose) draws on a terminal only: its epoch line says the rest
    try (DataLoader loader = DataLoader.val(ds, lo);
        ProgressBar bar = o.verbose() ? ProgressBar.create("val", loader.numBatches())
            : ProgressBar.terminalOnly("val", loader.numBatches())) {
      for (Batch batch : loader) {
        bar.step();
        try (batch; PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
          long t0 = System.nanoTime();
          Tensor x = batch.images().to(backend.device().toTorch(), half ? torch.ScalarType.Half : torch.ScalarType.Float)
              .div_(new org.bytedeco.pytorch.Scalar(255.0));
          long t1 = System.nanoTime();
          Tensor pred;
          Tensor proto = null;
          if (loss != null) {
            DetectOutput raw = model.net().forwardRaw(x);
            pred = model.net().decode(raw);
            proto = segment ? raw.proto() : null;
            int[] kpt = model.net().kptShape();
            Targets t = segment ? seg.lossTargets(batch, (int) x.size(2), (int) x.size(3))
                : BatchTargets.of(batch, batch.batchIdx(), batch.cls(), batch.bboxes(), // host tensors
                    kpt == null ? 0 : kpt[0]);
            double[] items = loss.compute(half ? LossInputs.toFloat(raw) : raw, t).itemValues();
            lossSum = lossSum == null ? new double[items.length] : lossSum;
            for (int k = 0; k < items.length; k++) {
              lossSum[k] += items[k];
            }
            batches++;
          } else if (segment) {
            Tensor[] out = backend.forwardSegment(x);
            pred = out[0];
            proto = out[1];
          } else {
            pred = backend.forward(x);
          }
          Cuda.synchronize(backend.device()); // its own GPU only: no context on GPU 0
          long t2 = System.nanoTime();
          // segment and pose rows keep their extra columns (mask coefficients, keypoints) after x1 y1 x2 y2 conf cls
          List<float[][]> dets = segment || pose != null ? Nms.apply(pred, nms, backend.endToEnd(), backend.names().size())
              : Nms.apply(pred, nms, backend.endToEnd());
          if (o.plots() && o.saveDir() != null && batch.index() < 3) { // as Ultralytics: the first three batches
            String stem = "val_batch" + batch.index();
            try {
              dev.yolojava.data.plot.BatchPlotter.write(batch, backend.names(),
                  o.saveDir().resolve(stem + "_labels.jpg"));
              dev.yolojava.data.plot.BatchPlotter.writePredictions(batch, dets, backend.names(),
                  o.saveDir().resolve(stem + "_pred.jpg"));
            } catch (RuntimeException | LinkageError e) { // a plot is worth a warning, not the validation
              LOG.warn("{} plots not drawn: {}", stem, e.toString());
            }
          }
          int inH = (int) x.size(2);
          int inW = (int) x.size(3);
          float[] bidx = Tensors.toFloatArray(batch.batchIdx());
          float[] cls = Tensors.toFloatArray(batch.cls());
          float[] xywh = Tensors.toFloatArray(batch.bboxes());
          for (int i = 0; i < dets.size(); i++) {
            int position = positions.get(batch.paths().get(i));
            float[][] d = dets.get(i);
            if (json != null) {
              json.add(batch.paths().get(i), d, batch.ratioPads().get(i), batch.origShapes().get(i),
                  kptShape == null ? 0 : kptShape[1]);
            }
            float[] pb = new float[d.length * 4];
            float[] pc = new float[d.length];
            int[] pk = new int[d.length];
            for (int k = 0; k < d.length; k++) {
              System.arraycopy(d[k], 0, pb, k * 4, 4);
              pc[k] = d[k][4];
              pk[k] = o.singleCls() ? 0 : (int) d[k][5];
            }
            int m = 0;
            for (float b : bidx) {
              if ((int) b == i) {
                m++;
              }
            }
            float[] gb = new float[m * 4];
            int[] gc = new int[m];
            for (int j = 0, k = 0; j < bidx.length; j++) {
              if ((int) bidx[j] != i) {
                continue;
              }
              // Labels: normalised xywh -> xyxy in input pixels, as Ultralytics' _prepare_batch.
              float cx = xywh[j * 4];
              float cy = xywh[j * 4 + 1];
              float hw = xywh[j * 4 + 2] / 2;
              float hh = xywh[j * 4 + 3] / 2;
              gb[k * 4] = (cx - hw) * inW;
              gb[k * 4 + 1] = (cy - hh) * inH;
              gb[k * 4 + 2] = (cx + hw) * inW;
              gb[k * 4 + 3] = (cy + hh) * inH;
              gc[k] = (int) cls[j];
              k++;
            }
            SegmentValidation.GroundTruth gt = null;
            if (segment) { // labels in the order of their masks (overlap_mask sorts them by area), as Ultralytics
              gt = seg.groundTruth(batch.segments() == null ? null : batch.segments().get(i), inH, inW,
                  proto.device());
              gb = reorder(gb, gt.order(), 4);
              gc = reorder(gc, gt.order());
            }
            ImageStats image = ImageStats.compute(position, pb, pc, pk, gb, gc);
            if (segment) {
              image = image.withTaskTp(seg.tpMask(d, pk, proto.get(i), gt, gc, inH, inW));
            } else if (pose != null) {
              image = image.withTaskTp(pose.tpPose(d, pk, batch.keypoints() == null ? null : batch.keypoints().get(i),
                  gb, gc, inH, inW));
            }
            stats.add(image);
            cm.process(pb, pc, pk, gb, gc, cmConf, 0.45f);
          }
          long t3 = System.nanoTime();
          tPre += t1 - t0;
          tInf += t2 - t1;
          tPost += t3 - t2;
          seen += dets.size();
        }
      }
    }
    DetMetrics metrics = DetMetrics.compute(stats, backend.names());
    TaskMetrics taskMetrics = segment ? SegmentMetrics.compute(stats, backend.names())
        : pose != null ? PoseMetrics.compute(stats, backend.names()) : null;
    double n = Math.max(1, seen);
    double[] valLoss = null;
    if (lossSum != null) {
      valLoss = new double[lossSum.length];
      for (int i = 0; i < valLoss.length; i++) {
        valLoss[i] = lossSum[i] / batches;
      }
    }
    ValidationResult r = new ValidationResult(metrics, stats, cm, tPre / 1e6 / n, tInf / 1e6 / n, tPost / 1e6 / n,
        valLoss, taskMetrics);
    if (json != null) {
      json.write(jsonFile);
      LOG.info("Saving {}...", jsonFile);
    }
    if (o.verbose()) {
      LOG.info("\n{}", r.table(true));
      LOG.info(r.speedLine());
    }
    if (o.plots() && o.saveDir() != null) {
      writePlots(r, o);
    }
    return r;
  }

  /** {@code values} (rows of {@code width}) in the order {@code order}. */
  private static float[] reorder(float[] values, int[] order, int width) {
    float[] out = new float[values.length];
    for (int k = 0; k < order.length; k++) {
      System.arraycopy(values, order[k] * width, out, k * width, width);
    }
    return out;
  }

  private static int[] reorder(int[] values, int[] order) {
    int[] out = new int[values.length];
    for (int k = 0; k < order.length; k++) {
      out[k] = values[order[k]];
    }
    return out;
  }

  private void writePlots(ValidationResult r, ValOptions o) {
    try {
      Files.createDirectories(o.saveDir());
      MetricsPlots.save(r.metrics(), o.saveDir());
      ConfusionMatrixPlot.save(r.confusion(), o.saveDir());
      LOG.info("plots saved to {}", o.saveDir());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write plots to " + o.saveDir(), e);
    } catch (LinkageError e) {
      // A JRE without its font libraries (seen on a GPU host: no libharfbuzz) must not end a training run.
      LOG.warn("plots skipped: Java2D cannot render here ({}); set plots=false to silence this", e.toString());
    }
  }
}
