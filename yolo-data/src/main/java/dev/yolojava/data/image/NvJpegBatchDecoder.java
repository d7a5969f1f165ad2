package dev.yolojava.data.image;

import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_OUTPUT_YUV;
import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_STATUS_SUCCESS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.cuda.global.nvjpeg;
import org.bytedeco.cuda.nvjpeg.nvjpegDevAllocator_t;
import org.bytedeco.cuda.nvjpeg.nvjpegHandle;
import org.bytedeco.cuda.nvjpeg.nvjpegImage_t;
import org.bytedeco.cuda.nvjpeg.nvjpegJpegState;
import org.bytedeco.cuda.nvjpeg.nvjpegPinnedAllocator_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.cuda.CUDAEvent;
import org.bytedeco.pytorch.cuda.CUDAGuard;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes many JPEGs in one nvJPEG call on the calling thread's current CUDA stream (with the hardware JPEG engines
 * of A100/H100-class GPUs, the CPU only parses headers) and writes OpenCV's pixels for them into a device tensor:
 * nvJPEG yields YCbCr planes, {@link JpegColour} finishes them as libjpeg does, once per group of equal-sized images.
 * Every file must be {@link JpegLayout#plainYcc}. Not thread-safe: one per thread.
 */
public final class NvJpegBatchDecoder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NvJpegBatchDecoder.class);

  private final byte device;
  private final nvjpegHandle handle;
  private final nvjpegJpegState state;
  private int initialized = -1;
  /** Images converted to BGR at once. */
  private static final int CHUNK = 32;
  /**
   * Two sets of buffers used in turn: the JPEG bytes and the decoded planes of a call stay untouched until the
   * device has finished that call's work (its event), since the JPEG engines read and write them asynchronously.
   */
  private final BytePointer[] input = new BytePointer[2];
  private final Tensor[] luma = new Tensor[2];
  private final Tensor[] chroma = new Tensor[2];
  private final CUDAEvent[] done = new CUDAEvent[2];
  private int turn;

  private NvJpegBatchDecoder(int device, nvjpegHandle handle, nvjpegJpegState state) {
    this.device = (byte) device;
    this.handle = handle;
    this.state = state;
  }

  /**
   * A decoder on CUDA device {@code gpu} with nvJPEG backend {@code backend} (NVJPEG_BACKEND_*), or empty (reason
   * logged) if it cannot start.
   */
  public static Optional<NvJpegBatchDecoder> open(dev.yolojava.cuda.Device gpu, int backend) {
    com.google.common.base.Preconditions.checkArgument(gpu.isCuda(), "nvJPEG decodes on CUDA devices, not %s", gpu);
    int device = gpu.index();
    // nvJPEG ties a handle and its state to the device current when they are made
    try (CUDAGuard guard = new CUDAGuard((byte) device)) {
      Loader.load(nvjpeg.class);
      nvjpegHandle h = new nvjpegHandle();
      int st = nvjpeg.nvjpegCreateEx(backend, (nvjpegDevAllocator_t) null, (nvjpegPinnedAllocator_t) null, 0, h);
      if (st != NVJPEG_STATUS_SUCCESS) {
        LOG.info("nvJPEG backend {} is not available here (status {})", backend, st);
        return Optional.empty();
      }
      nvjpegJpegState s = new nvjpegJpegState();
      st = nvjpeg.nvjpegJpegStateCreate(h, s);
      if (st != NVJPEG_STATUS_SUCCESS) {
        nvjpeg.nvjpegDestroy(h);
        LOG.info("nvJPEG could not make a decoding state (status {})", st);
        return Optional.empty();
      }
      h.retainReference();
      s.retainReference();
      return Optional.of(new NvJpegBatchDecoder(device, h, s));
    } catch (Throwable t) { // a missing libnvjpeg shows as UnsatisfiedLinkError
      LOG.info("nvJPEG is not available ({})", t.toString());
      return Optional.empty();
    }
  }

  /**
   * Decodes {@code jpegs} (with their {@code layouts}) and writes each as interleaved BGR rows into the uint8 device
   * tensor {@code out} at element offset {@code offsets[i]}. Returns the nvJPEG status; on anything but success
   * {@code out} is unchanged as far as the caller may rely on, and the caller decodes these files elsewhere.
   */
  public int decodeInto(List<byte[]> jpegs, List<JpegLayout> layouts, Tensor out, long[] offsets) {
    int n = jpegs.size();
    if (n == 0) {
      return NVJPEG_STATUS_SUCCESS;
    }
    Map<Shape, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      JpegLayout l = layouts.get(i);
      JpegLayout.Subsampling sub = l.plainYcc().orElseThrow(
          () -> new IllegalArgumentException("not a plain YCbCr JPEG: " + l));
      groups.computeIfAbsent(new Shape(l.width(), l.height(), sub), k -> new ArrayList<>()).add(i);
    }
    int t = turn;
    turn ^= 1;
    if (done[t] != null) {
      done[t].synchronize(); // the call before last is finished with this set
    }
    long yTotal = 0;
    long cTotal = 0;
    for (Map.Entry<Shape, List<Integer>> g : groups.entrySet()) {
      Shape d = g.getKey();
      yTotal += (long) g.getValue().size() * d.h() * d.w();
      cTotal += (long) g.getValue().size() * 2 * d.ch() * d.cw();
    }
    long inTotal = 0;
    for (byte[] b : jpegs) {
      inTotal += b.length;
    }
    TensorOptions u8 = new TensorOptions(torch.ScalarType.Byte)
        .device(new DeviceOptional(new Device(torch.DeviceType.CUDA, device)));
    luma[t] = atLeast(luma[t], yTotal, u8);
    chroma[t] = atLeast(chroma[t], cTotal, u8);
    if (input[t] == null || input[t].capacity() < inTotal) {
      if (input[t] != null) {
        input[t].close();
      }
      input[t] = new BytePointer(Math.max(inTotal, 1L << 20) * 5 / 4); // room to grow
      input[t].retainReference();
    }
    try (PointerScope scope = new PointerScope()) {
      nvjpegImage_t dst = new nvjpegImage_t(n);
      List<Tensor[]> planes = new ArrayList<>();
      long yAt = 0;
      long cAt = 0;
      for (Map.Entry<Shape, List<Integer>> g : groups.entrySet()) {
        int w = g.getKey().w();
        int h = g.getKey().h();
        int cw = g.getKey().cw();
        int ch = g.getKey().ch();
        int k = g.getValue().size();
        Tensor y = luma[t].narrow(0, yAt, (long) k * h * w).view(k, h, w);
        Tensor c = chroma[t].narrow(0, cAt, (long) k * 2 * ch * cw).view(k, 2, ch, cw);
        yAt += (long) k * h * w;
        cAt += (long) k * 2 * ch * cw;
        planes.add(new Tensor[] {y, c});
        for (int j = 0; j < k; j++) {
          nvjpegImage_t d = dst.getPointer(g.getValue().get(j));
          d.channel(0, new BytePointer(y.select(0, j).data_ptr())).pitch(0, w);
          d.channel(1, new BytePointer(c.select(0, j).select(0, 0).data_ptr())).pitch(1, cw);
          d.channel(2, new BytePointer(c.select(0, j).select(0, 1).data_ptr())).pitch(2, cw);
        }
      }
      if (initialized != n) {
        int st = nvjpeg.nvjpegDecodeBatchedInitialize(handle, state, n, 1, NVJPEG_OUTPUT_YUV);
        if (st != NVJPEG_STATUS_SUCCESS) {
          return st;
        }
        initialized = n;
      }
      PointerPointer<BytePointer> data = new PointerPointer<>(n);
      SizeTPointer lengths = new SizeTPointer(n);
      long at = 0;
      for (int i = 0; i < n; i++) {
        byte[] b = jpegs.get(i);
        input[t].position(at).put(b, 0, b.length);
        data.put(i, new RawBytes(input[t].address() + at, b.length));
        lengths.put(i, b.length);
        at += b.length;
      }
      input[t].position(0);
      CUDAStream stream = torch_cuda.getCurrentCUDAStream(device);
      int st = nvjpeg.nvjpegDecodeBatched(handle, state, data, lengths, dst, stream.stream());
      if (st != NVJPEG_STATUS_SUCCESS) {
        return st;
      }
      int gi = 0;
      for (Map.Entry<Shape, List<Integer>> g : groups.entrySet()) {
        Tensor[] p = planes.get(gi++);
        JpegLayout.Subsampling sub = g.getKey().sub();
        long px = 3L * g.getKey().w() * g.getKey().h();
        List<Integer> idx = g.getValue();
        for (int c0 = 0; c0 < idx.size(); c0 += CHUNK) { // bounds the int32 scratch (~40 bytes a pixel)
          int c1 = Math.min(idx.size(), c0 + CHUNK);
          try (PointerScope chunk = new PointerScope()) {
            Tensor bgr = JpegColour.toBgr(p[0].narrow(0, c0, c1 - c0), p[1].narrow(0, c0, c1 - c0), sub);
            for (int j = c0; j < c1; ) {
              int run = 1; // images that sit one after another in out: one copy
              while (j + run < c1 && offsets[idx.get(j + run)] == offsets[idx.get(j)] + run * px) {
                run++;
              }
              out.narrow(0, offsets[idx.get(j)], run * px).copy_(bgr.narrow(0, j - c0, run).reshape(-1));
              j += run;
            }
          }
        }
      }
      if (done[t] == null) {
        done[t] = new CUDAEvent();
        done[t].retainReference();
      }
      done[t].record(stream);
      return NVJPEG_STATUS_SUCCESS;
    }
  }

  /** Images decoded together: same size and chroma subsampling; {@code cw x ch} is a chroma plane's size. */
  private record Shape(int w, int h, JpegLayout.Subsampling sub) {
    int cw() {
      return (w + sub.h - 1) / sub.h;
    }

    int ch() {
      return (h + sub.v - 1) / sub.v;
    }
  }

  /** {@code t} if it holds {@code n} bytes, else a bigger device buffer (the old one's work is finished). */
  private static Tensor atLeast(Tensor t, long n, TensorOptions u8) {
    if (t != null && t.numel() >= n) {
      return t;
    }
    if (t != null) {
      t.close();
    }
    try (PointerScope scope = new PointerScope()) {
      Tensor b = torch.empty(new long[] {Math.max(n, 1L << 20) * 5 / 4}, u8, new MemoryFormatOptional());
      b.retainReference();
      return b;
    }
  }

  /** Waits for this decoder's device work, then frees its buffers, state and handle. */
  @Override
  public void close() {
    try (CUDAGuard guard = new CUDAGuard(device)) {
      release();
    }
  }

  private void release() {
    for (int t = 0; t < 2; t++) {
      if (done[t] != null) {
        done[t].synchronize();
        done[t].close();
      }
      if (luma[t] != null) {
        luma[t].close();
        chroma[t].close();
      }
      if (input[t] != null) {
        input[t].close();
      }
    }
    nvjpeg.nvjpegJpegStateDestroy(state);
    nvjpeg.nvjpegDestroy(handle);
  }
}
