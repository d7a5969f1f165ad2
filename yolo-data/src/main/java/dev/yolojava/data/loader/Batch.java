package dev.yolojava.data.loader;

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
 * {@code {h, w}} and, for validation, its {@link RatioPad}. Owns its tensors: close it when done.
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
  private boolean closed;

  Batch(int index, Tensor images, Tensor batchIdx, Tensor cls, Tensor bboxes, List<Path> paths,
      List<int[]> origShapes, List<RatioPad> ratioPads) {
    this.index = index;
    this.images = images;
    this.batchIdx = batchIdx;
    this.cls = cls;
    this.bboxes = bboxes;
    this.paths = ImmutableList.copyOf(paths);
    this.origShapes = ImmutableList.copyOf(origShapes);
    this.ratioPads = ratioPads == null ? null : ImmutableList.copyOf(ratioPads);
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

  public Tensor images() {
    return images;
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
   * A copy of this batch's tensors on {@code device}; {@code nonBlocking} overlaps the copy with compute when the
   * batch is in pinned memory. The copy is a new Batch to close separately.
   */
  public Batch to(Device device, boolean nonBlocking) {
    try (PointerScope scope = new PointerScope()) {
      Tensor[] t = {copy(images, device, torch.ScalarType.Byte, nonBlocking),
          copy(batchIdx, device, torch.ScalarType.Float, nonBlocking),
          copy(cls, device, torch.ScalarType.Float, nonBlocking),
          copy(bboxes, device, torch.ScalarType.Float, nonBlocking)};
      for (Tensor x : t) {
        x.retainReference(); // outlive this scope: the new Batch owns them
      }
      return new Batch(index, t[0], t[1], t[2], t[3], paths, origShapes, ratioPads);
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
      images.close();
      batchIdx.close();
      cls.close();
      bboxes.close();
    }
  }
}
