package dev.yolojava.data.loader;

import dev.yolojava.data.augment.Mosaic;
import dev.yolojava.data.augment.SamplePlan;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * A training batch whose pixels are still to be made: the batch's decoded source images packed into one uint8
 * tensor (BGR, HWC, one after another) and, per sample, where its tiles come from, the inverse warp, flips, colour
 * order and HSV tables ({@link SamplePlan}). {@link PlanRenderer} turns it into the {@code N x 3 x s x s} batch on
 * whatever device the tensors are on, so only the compressed work (decoding) stays on the CPU. Owns its tensors.
 */
final class RenderPlan implements AutoCloseable {
  /** Per tile: pack offset, source width, canvas x1a y1a x2a y2a, source x1b y1b. */
  static final int TILE = 8;
  /** Per sample: 4 tiles. */
  static final int META = 4 * TILE;
  /** Flags per sample: flipud, fliplr, keepBgr, has HSV tables. */
  static final int FLAGS = 4;
  static final int LUT = 3 * 256;

  final int size;
  final int s;
  final long[] meta;
  Tensor pack;
  final Tensor affine;
  final Tensor flags;
  final Tensor lut;
  volatile boolean anyLut;
  /** The images the GPU decoded, which follow the host pack's first {@link #hostBytes} bytes; null if none. */
  private Tensor devicePack;
  private long hostBytes;

  RenderPlan(int size, int s, Tensor pack, long[] meta, Tensor affine, Tensor flags, Tensor lut) {
    this.size = size;
    this.s = s;
    this.pack = pack;
    this.meta = meta;
    this.affine = affine;
    this.flags = flags;
    this.lut = lut;
  }

  /**
   * Adds the images decoded on the GPU ({@code decoded}, owned from now on): the pack is the host pack's first
   * {@code host} bytes, then these.
   */
  void deviceImages(Tensor decoded, long host) {
    this.devicePack = decoded;
    this.hostBytes = host;
  }

  /**
   * Records sample {@code i}; {@code offsets}/{@code widths} locate each plan source in the pack. Samples write
   * disjoint rows, so workers may call this concurrently.
   */
  void put(int i, SamplePlan p, long[] offsets, int[] widths) {
    for (int t = 0; t < 4; t++) {
      Mosaic.Tile tile = p.tiles()[t];
      int k = META * i + TILE * t;
      meta[k] = offsets[t];
      meta[k + 1] = widths[t];
      meta[k + 2] = tile.x1a();
      meta[k + 3] = tile.y1a();
      meta[k + 4] = tile.x2a();
      meta[k + 5] = tile.y2a();
      meta[k + 6] = tile.x1b();
      meta[k + 7] = tile.y1b();
    }
    try (FloatPointer a = new FloatPointer(affine.data_ptr()).position(6L * i);
        BytePointer f = new BytePointer(flags.data_ptr()).position((long) FLAGS * i);
        BytePointer l = new BytePointer(lut.data_ptr()).position((long) LUT * i)) {
      a.put(inverseAffine(p.matrix()));
      f.put(new byte[] {(byte) (p.flipud() ? 1 : 0), (byte) (p.fliplr() ? 1 : 0), (byte) (p.keepBgr() ? 1 : 0),
          (byte) (p.hsvLut() != null ? 1 : 0)});
      if (p.hsvLut() != null) {
        l.put(p.hsvLut());
        anyLut = true;
      }
    }
  }

  /**
   * The map from output to canvas pixels {@code (u, v) = A (x, y, 1)} as 6 floats, inverted in double precision the
   * way OpenCV's warpAffine inverts its matrix.
   */
  static float[] inverseAffine(double[] m) {
    double d = m[0] * m[4] - m[1] * m[3];
    d = d != 0 ? 1.0 / d : 0.0;
    double a11 = m[4] * d;
    double a22 = m[0] * d;
    double a12 = -m[1] * d;
    double a21 = -m[3] * d;
    double b1 = -a11 * m[2] - a12 * m[5];
    double b2 = -a21 * m[2] - a22 * m[5];
    return new float[] {(float) a11, (float) a12, (float) b1, (float) a21, (float) a22, (float) b2};
  }

  /**
   * Renders the batch on {@code device} (copies the plan there first, non-blocking from pinned memory). The result
   * and the copies belong to the caller's PointerScope.
   */
  Tensor render(Device device, boolean nonBlocking) {
    Tensor p;
    if (devicePack == null) {
      p = pack.to(device, torch.ScalarType.Byte, nonBlocking, false, new MemoryFormatOptional());
    } else {
      Tensor d = devicePack.to(device, torch.ScalarType.Byte, nonBlocking, false, new MemoryFormatOptional());
      if (d.data_ptr().address() == devicePack.data_ptr().address()) {
        // made on the decoding stream, read on this one: not to be reused before this stream is past the reads
        d.record_stream(torch_cuda.getCurrentCUDAStream(device.index()).unwrap());
      }
      p = hostBytes == 0 ? d : torch.cat(new TensorVector(
          pack.narrow(0, 0, hostBytes).to(device, torch.ScalarType.Byte, nonBlocking, false,
              new MemoryFormatOptional()), d), 0);
    }
    Tensor a = affine.to(device, torch.ScalarType.Float, nonBlocking, false, new MemoryFormatOptional());
    Tensor f = flags.to(device, torch.ScalarType.Byte, nonBlocking, false, new MemoryFormatOptional());
    Tensor l = anyLut ? lut.to(device, torch.ScalarType.Byte, nonBlocking, false, new MemoryFormatOptional()) : null;
    return PlanRenderer.render(p, meta, a, f, l, size, s);
  }

  @Override
  public void close() {
    if (pack != null) {
      pack.close();
    }
    if (devicePack != null) {
      devicePack.close();
    }
    affine.close();
    flags.close();
    lut.close();
  }
}
