package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.yolojava.data.RatioPad;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One collated batch, as Ultralytics' {@code collate_fn} builds it: {@code images} uint8 {@code N x 3 x H x W}
 * (RGB), and the {@code n} targets as {@code batchIdx} (float, n: the image each box belongs to), {@code cls}
 * (float, n x 1) and {@code bboxes} (float, n x 4, normalised cx cy w h); plus per image its path, original
 * {@code {h, w}} and, for validation, its {@link RatioPad}, (polygon labels) each target's outline in input
 * pixels and (keypoint labels) each target's keypoints. Owns its tensors: close it when done.
 */
public final class Batch implements AutoCloseable {
  private final int index;
  private final Tensor images;
  private final Tensor batchIdx;
  private final Tensor cls;
  private final Tensor bboxes;
  private final List<Path> paths;
  private final List<int[]> origShapes;
  private final List<RatioPad> ratioPads;
  private final List<float[][]> segments; // per image, per target: outline in input pixels; null without polygons
  private final List<float[][]> keypoints; // per image, per target: x y v, x y normalised; null without keypoints
  private final RenderPlan plan;
  private final Tensor[] host; // the CPU targets a device batch was copied from (see hostTargets), or null
  private Tensor masks; // a segmentation model's training masks (see masks()), or null
  private org.bytedeco.pytorch.cuda.CUDAEvent ready; // recorded after this batch's device work on another stream
  private boolean closed;

  Batch(int index, Tensor images, Tensor batchIdx, Tensor cls, Tensor bboxes, List<Path> paths,
      List<int[]> origShapes, List<RatioPad> ratioPads) {
    this(index, images, null, batchIdx, cls, bboxes, paths, origShapes, ratioPads, null, null, null);
  }

  /**
   * A batch whose images are still a {@link RenderPlan} ({@code images} null): {@link #to} renders them;
   * {@code segments} and {@code keypoints} as {@link #segments()} and {@link #keypoints()}.
   */
  Batch(int index, Tensor images, RenderPlan plan, Tensor batchIdx, Tensor cls, Tensor bboxes, List<Path> paths,
      List<int[]> origShapes, List<RatioPad> ratioPads, List<float[][]> segments, List<float[][]> keypoints) {
    this(index, images, plan, batchIdx, cls, bboxes, paths, origShapes, ratioPads, segments, keypoints, null);
  }

  private Batch(int index, Tensor images, RenderPlan plan, Tensor batchIdx, Tensor cls, Tensor bboxes,
      List<Path> paths, List<int[]> origShapes, List<RatioPad> ratioPads, List<float[][]> segments,
      List<float[][]> keypoints, Tensor[] host) {
    this.index = index;
    this.host = host;
    this.images = images;
    this.plan = plan;
    this.batchIdx = batchIdx;
    this.cls = cls;
    this.bboxes = bboxes;
    this.paths = ImmutableList.copyOf(paths);
    this.origShapes = ImmutableList.copyOf(origShapes);
    this.ratioPads = ratioPads == null ? null : ImmutableList.copyOf(ratioPads);
    this.segments = segments == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(segments));
    this.keypoints = keypoints == null ? null
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keypoints));
  }

  /** Position of this batch in its epoch (on this rank). */
  public int index() {
    return index;
  }

  /** Number of images. */
  public int size() {
    return paths.size();
  }

  /** Number of target boxes over all images. */
  public int targets() {
    return (int) cls.size(0);
  }

  /** The uint8 images; a batch from a loader with {@code renderOnDevice} has them only after {@link #to}. */
  public Tensor images() {
    checkState(plan == null, "batch %s is not rendered yet (the loader renders on the device): call to(device)",
        index);
    return images;
  }

  /** Whether the images are still to be rendered by {@link #to}. */
  public boolean rendered() {
    return plan == null;
  }

  public Tensor batchIdx() {
    return batchIdx;
  }

  public Tensor cls() {
    return cls;
  }

  public Tensor bboxes() {
    return bboxes;
  }

  /**
   * {@code {batchIdx, cls, bboxes}} in host memory: this batch's own when it is on the CPU, else those of the CPU
   * batch it was copied from. Work on them (e.g. padding targets per image) needs no wait for the device.
   */
  public Tensor[] hostTargets() {
    if (host != null) {
      return host.clone();
    }
    checkState(batchIdx.device().is_cpu(), "batch %s is on %s and was not copied from the CPU", index,
        batchIdx.device().str().getString());
    return new Tensor[] {batchIdx, cls, bboxes};
  }

  public List<Path> paths() {
    return paths;
  }

  /** Each image's original {@code {h, w}}. */
  public List<int[]> origShapes() {
    return origShapes;
  }

  /** Each image's letterbox mapping (validation batches); null for training batches. */
  public List<RatioPad> ratioPads() {
    return ratioPads;
  }

  /**
   * Validation batches of polygon labels: per image, each of its targets' outline ({@code x1 y1 x2 y2 ...}, in the
   * order of the image's rows of {@link #cls()}) in the pixels of this batch's input, as Ultralytics' val data set
   * hands them to {@code Format}; null otherwise. Shared arrays: do not modify.
   */
  public List<float[][]> segments() {
    return segments;
  }

  /**
   * Batches of keypoint labels (training and validation): per image, each of its targets' keypoints ({@code x y visibility} per
   * keypoint, in the order of the image's rows of {@link #cls()}), x and y normalised to this batch's input as
   * Ultralytics' {@code Format} leaves {@code batch["keypoints"]}; null otherwise. Shared arrays: do not modify.
   */
  public List<float[][]> keypoints() {
    return keypoints;
  }

  /**
   * A copy of this batch's tensors on {@code device}; {@code nonBlocking} overlaps the copy with compute when the
   * batch is in pinned memory. A batch still to be rendered is rendered there. The copy is a new Batch to close
   * separately.
   */
  public Batch to(Device device, boolean nonBlocking) {
    try (PointerScope scope = new PointerScope()) {
      Tensor[] t = {plan != null ? plan.render(device, nonBlocking) : copy(images, device, torch.ScalarType.Byte,
          nonBlocking),
          copy(batchIdx, device, torch.ScalarType.Float, nonBlocking),
          copy(cls, device, torch.ScalarType.Float, nonBlocking),
          copy(bboxes, device, torch.ScalarType.Float, nonBlocking)};
      for (Tensor x : t) {
        x.retainReference(); // outlive this scope: the new Batch owns them
      }
      Tensor[] h = null;
      if (host != null || batchIdx.device().is_cpu()) {
        h = new Tensor[3];
        Tensor[] src = hostTargets();
        for (int i = 0; i < 3; i++) {
          h[i] = new Tensor(src[i]); // another reference to the same host tensor, owned by the new batch
          h[i].retainReference();
        }
      }
      Batch out = new Batch(index, t[0], null, t[1], t[2], t[3], paths, origShapes, ratioPads, segments, keypoints, h);
      if (masks != null) {
        Tensor m = copy(masks, device, torch.ScalarType.Float, nonBlocking);
        m.retainReference();
        out.masks = m;
      }
      return out;
    }
  }

  /**
   * A segmentation model's training targets, as Ultralytics' collated {@code batch["masks"]}: with
   * {@code overlap_mask} one index map per image ({@code (B, H, W)}, value {@code k + 1} where the image's {@code k}-th
   * object is), else one binary mask per object ({@code (n, H, W)}); float; null for other batches.
   */
  public Tensor masks() {
    return masks;
  }

  void attachMasks(Tensor m) {
    checkState(masks == null, "batch %s has its masks already", index);
    this.masks = m;
  }

  /** Marks this (device) batch as complete once {@code event} has passed; see {@link #awaitOn}. */
  void readyAfter(org.bytedeco.pytorch.cuda.CUDAEvent event) {
    this.ready = event;
  }

  /**
   * Makes {@code stream} wait for the work that produced this batch on another stream, and tells the caching
   * allocator its tensors are used on {@code stream}, so their memory is not reused before that stream is done.
   */
  void awaitOn(org.bytedeco.pytorch.cuda.CUDAStream stream) {
    if (ready == null) {
      return;
    }
    ready.block(stream);
    ready.close(); // CUDA releases a recorded event once the device has passed it
    ready = null;
    org.bytedeco.pytorch.Stream s = stream.unwrap();
    for (Tensor t : new Tensor[] {images, batchIdx, cls, bboxes, masks}) {
      if (t != null && t.is_cuda()) {
        t.record_stream(s);
      }
    }
  }

  private static Tensor copy(Tensor t, Device d, torch.ScalarType type, boolean nonBlocking) {
    return t.to(d, type, nonBlocking, false, new MemoryFormatOptional());
  }

  /** Frees the tensors (idempotent). */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (ready != null) {
        ready.close();
      }
      if (images != null) {
        images.close();
      }
      if (plan != null) {
        plan.close();
      }
      if (host != null) {
        for (Tensor t : host) {
          t.close();
        }
      }
      batchIdx.close();
      cls.close();
      bboxes.close();
      if (masks != null) {
        masks.close();
      }
    }
  }
}
