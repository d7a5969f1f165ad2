package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.Boxes;
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
    if (model instanceof YoloModel m) {
      m.requireDetection("predict");
    }
    this.model = model;
  }

  /** Options of one predict call; {@code imgsz} is {@code [h, w]}. */
  public record Options(int imgszH, int imgszW, NmsConfig nms, int batch) {
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
   * are {@code x1 y1 x2 y2 conf cls} in that image's original pixels.
   */
  public List<float[][]> predict(List<Mat> images, Options options) {
    List<float[][]> out = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += options.batch()) {
      List<Mat> chunk = images.subList(start, Math.min(images.size(), start + options.batch()));
      out.addAll(predictBatch(chunk, options));
    }
    return out;
  }

  private List<float[][]> predictBatch(List<Mat> images, Options o) {
    boolean sameShape = images.stream().allMatch(
        m -> m.rows() == images.get(0).rows() && m.cols() == images.get(0).cols());
    // Ultralytics letterboxes to the minimum stride-aligned rectangle when all images of a batch share a shape;
    // static exports take exactly their build size.
    int[] fixed = model.fixedImgsz();
    Letterbox lb = fixed != null
        ? new Letterbox(fixed[0], fixed[1], false, true, true, model.maxStride())
        : new Letterbox(o.imgszH(), o.imgszW(), sameShape, true, true, model.maxStride());
    List<Mat> boxed = new ArrayList<>(images.size());
    try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
      for (Mat m : images) {
        boxed.add(lb.apply(m));
      }
      Tensor u8 = ImageTensors.toBatch(boxed);
      int inH = (int) u8.size(2);
      int inW = (int) u8.size(3);
      Tensor x = u8.to(model.device().toTorch(), model.isHalf() ? torch.ScalarType.Half : torch.ScalarType.Float)
          .div_(new org.bytedeco.pytorch.Scalar(255.0));
      Tensor pred = model.forward(x);  // [B, 4+nc, N] or end-to-end [B, maxDet, 6]
      List<float[][]> dets = Nms.apply(pred, o.nms(), model.endToEnd());
      for (int i = 0; i < dets.size(); i++) {
        Boxes.scaleToOriginal(dets.get(i), inH, inW, images.get(i).rows(), images.get(i).cols());
      }
      return dets;
    } finally {
      boxed.forEach(Mat::close);
    }
  }
}
