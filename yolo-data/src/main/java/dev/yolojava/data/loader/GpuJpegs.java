package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkState;
import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_BACKEND_HARDWARE;
import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_STATUS_SUCCESS;

import dev.yolojava.data.image.Images;
import dev.yolojava.data.image.JpegLayout;
import dev.yolojava.data.image.NvJpegBatchDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.cuda.CUDAGuard;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.cuda.CUDAStreamGuard;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU JPEG decoding of a loader's rendered batches: a batch's JPEGs go to the hardware JPEG engines in one
 * {@link NvJpegBatchDecoder} call, on a stream of its own, from the loader's worker thread that lays out the batch,
 * which then waits for the pixels. So neither the rendering thread nor the training thread ever waits on nvJPEG
 * (whose calls synchronise with the device: on the rendering thread they made yolov8n's epochs 23 % longer).
 * {@link #LANES} batches decode at once, each on its own decoder and stream (one alone waits
 * for its pixels with the engines idle). One call decodes ~9,000 JPEGs/s at ~0.1 ms of CPU each, against 2.2-3.0
 * ms per JPEG per core with OpenCV (H100 machine, synthetic set). A batch nvJPEG refuses is decoded with OpenCV
 * instead: the same pixels either way.
 */
final class GpuJpegs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GpuJpegs.class);

  /** Batches decoded at once. */
  static final int LANES = 2;

  private final byte device;
  private final BlockingQueue<Lane> lanes = new ArrayBlockingQueue<>(LANES);
  private final List<Lane> all = new ArrayList<>();
  private final AtomicLong onGpu = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  /** A decoder and its stream; guarded by itself. */
  private static final class Lane {
    final NvJpegBatchDecoder decoder;
    final CUDAStream stream;
    boolean closed;

    Lane(NvJpegBatchDecoder decoder, CUDAStream stream) {
      this.decoder = decoder;
      this.stream = stream;
    }
  }

  private GpuJpegs(dev.yolojava.cuda.Device gpu, List<NvJpegBatchDecoder> decoders) {
    this.device = (byte) gpu.index();
    for (NvJpegBatchDecoder d : decoders) {
      Lane l = new Lane(d, torch_cuda.getStreamFromPool(false, this.device));
      all.add(l);
      lanes.add(l);
    }
  }

  /** Decoding on CUDA device {@code device}, or empty (reason logged) where it has no JPEG engine for nvJPEG. */
  static Optional<GpuJpegs> open(dev.yolojava.cuda.Device device) {
    List<NvJpegBatchDecoder> decoders = new ArrayList<>();
    for (int i = 0; i < LANES; i++) {
      Optional<NvJpegBatchDecoder> d = NvJpegBatchDecoder.open(device, NVJPEG_BACKEND_HARDWARE);
      if (d.isEmpty()) {
        decoders.forEach(NvJpegBatchDecoder::close);
        LOG.info("{} has no nvJPEG hardware decoder: JPEGs are decoded on the CPU", device);
        return Optional.empty();
      }
      decoders.add(d.get());
    }
    LOG.info("decoding training JPEGs on {} with nvJPEG's hardware decoder", device);
    return Optional.of(new GpuJpegs(device, decoders));
  }

  /** Images decoded on the GPU so far. */
  long gpuDecodes() {
    return onGpu.get();
  }

  /**
   * The BGR pixels of {@code jpegs}, each at its offset of a new {@code bytes}-long uint8 tensor on the device,
   * complete when this returns (any stream may read them; see {@link RenderPlan#render} for its memory). The caller
   * owns the tensor and closes it.
   */
  Tensor decode(List<byte[]> jpegs, List<JpegLayout> layouts, long[] offsets, long bytes) {
    Lane lane;
    try {
      lane = lanes.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a JPEG decoder", e);
    }
    try {
      synchronized (lane) {
        return decode(lane, jpegs, layouts, offsets, bytes);
      }
    } finally {
      lanes.add(lane);
    }
  }

  private Tensor decode(Lane lane, List<byte[]> jpegs, List<JpegLayout> layouts, long[] offsets, long bytes) {
    Tensor out;
    try (PointerScope scope = new PointerScope();
        CUDAGuard guard = new CUDAGuard(device);
        CUDAStreamGuard on = new CUDAStreamGuard(lane.stream.unwrap())) {
      out = torch.empty(new long[] {Math.max(1, bytes)}, new TensorOptions(torch.ScalarType.Byte)
          .device(new DeviceOptional(new Device(torch.DeviceType.CUDA, device))), new MemoryFormatOptional());
      int status = -1;
      if (!lane.closed) {
        try {
          status = lane.decoder.decodeInto(jpegs, layouts, out, offsets);
        } catch (RuntimeException e) { // e.g. out of device memory for the planes: OpenCV decodes this batch
          lane.stream.synchronize();
          LOG.debug("GPU decoding of a batch failed", e);
        }
      }
      if (status == NVJPEG_STATUS_SUCCESS) {
        onGpu.addAndGet(jpegs.size());
      } else {
        if (!lane.closed && warned.compareAndSet(false, true)) {
          LOG.warn("nvJPEG could not decode a batch (status {}): decoding such batches with OpenCV", status);
        }
        for (int i = 0; i < jpegs.size(); i++) {
          try (Mat m = Images.decode(jpegs.get(i), "batch image " + i)) {
            JpegLayout l = layouts.get(i);
            checkState(m.rows() == l.height() && m.cols() == l.width(),
                "OpenCV decoded batch image %s as %sx%s, its header says %sx%s", i, m.cols(), m.rows(), l.width(),
                l.height());
            long n = 3L * m.rows() * m.cols();
            Tensor host = torch.from_blob(m.data(), new long[] {n}, new TensorOptions(torch.ScalarType.Byte));
            out.narrow(0, offsets[i], n).copy_(host); // from pageable memory: done before m is freed
          }
        }
      }
      lane.stream.synchronize();
      out.retainReference();
    }
    return out;
  }

  /** Frees the decoders once the batches being decoded are done; later batches decode with OpenCV. */
  @Override
  public void close() {
    for (Lane l : all) {
      synchronized (l) {
        if (!l.closed) {
          l.closed = true;
          l.decoder.close();
        }
      }
    }
  }
}
