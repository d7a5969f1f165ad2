package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.Boxes;
import dev.yolojava.core.ops.MaskOps;
import dev.yolojava.core.ops.Nms;
import dev.yolojava.core.ops.NmsConfig;
import dev.yolojava.data.image.ImageTensors;
import dev.yolojava.data.image.Letterbox;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Ultralytics' predict pipeline on decoded images: letterbox (stride-aligned rectangle when a batch shares one
 * shape), BGR→RGB, /255, forward, NMS or the end-to-end filter, boxes back to original pixels.
 *
 * <p>Thread-safe: it holds no mutable state beyond the model, whose forward pass may run concurrently.
 */
public final class Predictor {
  private final InferenceBackend model;

  public Predictor(InferenceBackend model) {
    this.model = model;
  }

  /** A pose model's {@code [keypoints, dims]}: its rows carry the keypoints after the class; else null. */
  public int[] keypointShape() {
    return model.keypointShape();
  }

  /** True when the model is a segmentation model: {@link #predictSegments} gives its masks. */
  public boolean segments() {
    return model.segments();
  }

  /**
   * One image's instance segmentation: {@code rows} as {@link #predict} gives them, and per row a mask of
   * {@code maskHeight x maskWidth} bytes (1 inside) in {@code masks}, row after row: at the letterboxed input size
   * ({@code inferH x inferW}, Ultralytics' {@code masks.data}) or, with {@code retina_masks}, the original size.
   */
  public record Segments(float[][] rows, byte[] masks, int maskHeight, int maskWidth, int inferH, int inferW) {
    /** The mask of row {@code i}. */
    public byte[] mask(int i) {
      int size = maskHeight * maskWidth;
      return java.util.Arrays.copyOfRange(masks, i * size, (i + 1) * size);
    }

    /**
     * The outline of row {@code i}'s mask in the original {@code h0 x w0} image's pixels, as Ultralytics'
     * {@code masks.xy}: traced on the mask as made (input size unless retina masks), then scaled.
     */
    public float[] outline(int i, int h0, int w0) {
      return MaskOps.scaleCoords(MaskOps.outline(mask(i), maskHeight, maskWidth), maskHeight, maskWidth, h0, w0);
    }

    /** Bytes for {@code n} masks of {@code h x w}, or a clear error where a Java array cannot hold them. */
    static int bytes(long n, long h, long w) {
      long total = n * h * w;
      checkArgument(total <= Integer.MAX_VALUE - 8, "%s masks of %sx%s need %s bytes, more than one array holds:"
          + " lower max_det, or predict without retina_masks", n, h, w, total);
      return (int) total;
    }

    /**
     * These masks at the original image size {@code h0 x w0}: input-size masks lose the letterbox padding and are
     * resized bilinearly (kept where the value is above 0.5), as Ultralytics' {@code scale_masks} resizes them.
     */
    public Segments resized(int h0, int w0) {
      int n = rows.length;
      if (n == 0 || maskHeight == h0 && maskWidth == w0) {
        return this;
      }
      try (PointerScope scope = new PointerScope()) {
        Tensor m = torch.tensor(masks).view(1, n, maskHeight, maskWidth);
        Tensor up = MaskOps.toOriginal(m, h0, w0);
        byte[] out = new byte[bytes(n, h0, w0)];
        up.contiguous().data_ptr_byte().get(out);
        return new Segments(rows, out, h0, w0, inferH, inferW);
      }
    }
  }

  /**
   * Predicts instance masks on BGR images, as Ultralytics' segment predictor: NMS keeping each detection's mask
   * coefficients, masks from the prototypes ({@link dev.yolojava.core.ops.MaskOps}), boxes back to original pixels,
   * and detections whose mask is empty dropped.
   *
   * @param retinaMasks masks at the original image size ({@code retina_masks=True}) instead of the input size
   */
  public List<Segments> predictSegments(List<Mat> images, Options options, boolean retinaMasks) {
    checkArgument(segments(), "predictSegments: the model is not a segmentation model");
    List<Segments> out = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += options.batch()) {
      List<Mat> chunk = images.subList(start, Math.min(images.size(), start + options.batch()));
      out.addAll(segmentBatch(chunk, options, retinaMasks));
    }
    return out;
  }

  private List<Segments> segmentBatch(List<Mat> images, Options o, boolean retina) {
    try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
      Tensor x = input(images, o);
      int inH = (int) x.size(2);
      int inW = (int) x.size(3);
      Tensor[] out = model.forwardSegment(x);
      List<float[][]> dets = Nms.apply(out[0], o.nms(), model.endToEnd(), model.names().size());
      List<Segments> result = new ArrayList<>(dets.size());
      for (int i = 0; i < dets.size(); i++) {
        result.add(segmentImage(dets.get(i), out[1].get(i), inH, inW, images.get(i).rows(), images.get(i).cols(),
            retina));
      }
      return result;
    }
  }

  /**
   * One image's {@link Segments} from its NMS rows (each {@code x1 y1 x2 y2 conf cls} in input pixels, then its mask
   * coefficients) and its prototypes {@code (nm, mh, mw)}: boxes to the original {@code h0 x w0}, masks, and rows
   * whose mask is empty dropped.
   */
  static Segments segmentImage(float[][] rows, Tensor proto, int inH, int inW, int h0, int w0, boolean retina) {
    int n = rows.length;
    float[] boxes = new float[n * 4];
    float[] coefficients = new float[n * (int) proto.size(0)];
    int nm = (int) proto.size(0);
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows[r], 0, boxes, r * 4, 4);
      System.arraycopy(rows[r], 6, coefficients, r * nm, nm);
    }
    Tensor coef = torch.tensor(coefficients).view(n, nm).to(proto.device(), torch.ScalarType.Float);
    float[][] kept = new float[n][];
    for (int r = 0; r < n; r++) {
      kept[r] = java.util.Arrays.copyOf(rows[r], 6);
    }
    Boxes.scaleToOriginal(kept, inH, inW, h0, w0);
    Tensor masks;
    if (retina) {
      float[] scaled = new float[n * 4];
      for (int r = 0; r < n; r++) {
        System.arraycopy(kept[r], 0, scaled, r * 4, 4);
      }
      Tensor b = torch.tensor(scaled).view(n, 4).to(proto.device(), torch.ScalarType.Float);
      masks = MaskOps.processMaskNative(proto, coef, b, h0, w0);
    } else {
      Tensor b = torch.tensor(boxes).view(n, 4).to(proto.device(), torch.ScalarType.Float);
      masks = MaskOps.processMask(proto, coef, b, inH, inW);
    }
    int mh = (int) masks.size(1);
    int mw = (int) masks.size(2);
    // Ultralytics keeps only the detections whose mask has a pixel
    byte[] all = new byte[Segments.bytes(n, mh, mw)];
    if (n > 0) {
      masks.contiguous().cpu().data_ptr_byte().get(all);
    }
    List<Integer> keep = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int k = r * mh * mw; k < (r + 1) * mh * mw; k++) {
        if (all[k] != 0) {
          keep.add(r);
          break;
        }
      }
    }
    if (keep.size() == n) {
      return new Segments(kept, all, mh, mw, inH, inW);
    }
    float[][] rowsKept = new float[keep.size()][];
    byte[] masksKept = new byte[keep.size() * mh * mw];
    for (int k = 0; k < keep.size(); k++) {
      rowsKept[k] = kept[keep.get(k)];
      System.arraycopy(all, keep.get(k) * mh * mw, masksKept, k * mh * mw, mh * mw);
    }
    return new Segments(rowsKept, masksKept, mh, mw, inH, inW);
  }

  /**
   * Options of one predict call; {@code imgsz} is {@code [h, w]}; {@code retinaMasks}: a segmentation model's masks at
   * the original image size instead of the letterboxed input's ({@code retina_masks}).
   */
  public record Options(int imgszH, int imgszW, NmsConfig nms, int batch, boolean retinaMasks) {
    public Options(int imgszH, int imgszW, NmsConfig nms, int batch) {
      this(imgszH, imgszW, nms, batch, false);
    }

    public Options {
      checkArgument(imgszH > 0 && imgszW > 0, "imgsz is %sx%s, expected positive sizes", imgszH, imgszW);
      checkArgument(batch > 0, "batch is %s, expected > 0", batch);
    }

    public static Options defaults() {
      return new Options(640, 640, NmsConfig.predictDefaults(), 1);
    }
  }

  /**
   * Predicts on BGR images. Images are grouped into batches of {@code options.batch()} in order; per image the rows
   * are {@code x1 y1 x2 y2 conf cls} in that image's original pixels; a pose model's rows go on with its keypoints
   * ({@link #keypointShape()}: {@code x y} or {@code x y visibility} each, also in original pixels).
   */
  public List<float[][]> predict(List<Mat> images, Options options) {
    if (segments()) { // the boxes of the segment predictor (which drops detections whose mask is empty)
      return predictSegments(images, options, options.retinaMasks()).stream().map(Segments::rows).toList();
    }
    List<float[][]> out = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += options.batch()) {
      List<Mat> chunk = images.subList(start, Math.min(images.size(), start + options.batch()));
      out.addAll(predictBatch(chunk, options));
    }
    return out;
  }

  /**
   * The batch the model takes: letterboxed (Ultralytics' minimum stride-aligned rectangle when all images of a batch
   * share a shape; a static export's build size), BGR to RGB, on the model's device in its precision, /255.
   */
  private Tensor input(List<Mat> images, Options o) {
    boolean sameShape = images.stream().allMatch(
        m -> m.rows() == images.get(0).rows() && m.cols() == images.get(0).cols());
    int[] fixed = model.fixedImgsz();
    Letterbox lb = fixed != null
        ? new Letterbox(fixed[0], fixed[1], false, true, true, model.maxStride())
        : new Letterbox(o.imgszH(), o.imgszW(), sameShape, true, true, model.maxStride());
    List<Mat> boxed = new ArrayList<>(images.size());
    try {
      for (Mat m : images) {
        boxed.add(lb.apply(m));
      }
      return ImageTensors.toBatch(boxed) // copies the pixels: the letterboxed Mats can go
          .to(model.device().toTorch(), model.isHalf() ? torch.ScalarType.Half : torch.ScalarType.Float)
          .div_(new org.bytedeco.pytorch.Scalar(255.0));
    } finally {
      boxed.forEach(Mat::close);
    }
  }

  private List<float[][]> predictBatch(List<Mat> images, Options o) {
    try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
      Tensor x = input(images, o);
      int inH = (int) x.size(2);
      int inW = (int) x.size(3);
      Tensor pred = model.forward(x);  // [B, 4+nc(+extras), N] or end-to-end [B, maxDet, 6(+extras)]
      List<float[][]> dets = postprocess(pred, o);
      for (int i = 0; i < dets.size(); i++) {
        toOriginal(dets.get(i), inH, inW, images.get(i).rows(), images.get(i).cols());
      }
      return dets;
    }
  }

  /** NMS (or the end-to-end filter) of a box or pose model's predictions; pose rows keep their keypoints. */
  List<float[][]> postprocess(Tensor pred, Options o) {
    return keypointShape() != null ? Nms.apply(pred, o.nms(), model.endToEnd(), model.names().size())
        : Nms.apply(pred, o.nms(), model.endToEnd());
  }

  /** One image's rows from input to original {@code h0 x w0} pixels: boxes and, for pose models, keypoints. */
  void toOriginal(float[][] rows, int inH, int inW, int h0, int w0) {
    Boxes.scaleToOriginal(rows, inH, inW, h0, w0);
    int[] kpt = keypointShape();
    if (kpt != null) {
      dev.yolojava.core.ops.KeypointOps.scaleToOriginal(rows, kpt[1], inH, inW, h0, w0);
    }
  }
}
