package dev.yolojava.core.engine;

import dev.yolojava.core.nn.DetectOutput;
import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.cuda.Autocast;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' AutoBatch ({@code batch=-1}, or a fraction such as {@code batch=0.70}): a copy of the model runs a
 * training forward and backward at batch 1, 2, 4, ... on the GPU (plus tensors the size of the loss's largest
 * buffers), the caching allocator's reserved memory after each is fitted with a line, and the batch that fills the
 * asked fraction of the free memory is chosen. CPU devices, and failures, fall back to batch 16 with a warning.
 *
 * <p>Training holds more per image than that profile: on the H100, yolov8n at batch 128 peaked at 26 GB eager and
 * 38 GB with CUDA graphs (whose pool keeps the step's activations), where the profile's line predicts 16 GB; the
 * batch chosen from the bare profile (373 at 60 %) ran out of memory capturing the graphs. So the line's memory per
 * image is scaled by {@link #EAGER_FACTOR} or {@link #GRAPHS_FACTOR} before the batch is read off it.
 */
final class AutoBatch {
  static final int DEFAULT_BATCH = 16;
  private static final Logger LOG = LoggerFactory.getLogger(AutoBatch.class);
  private static final double GIB = 1L << 30;
  /** Training's memory per image over the profile's, eager (26 GB / 16 GB at batch 128, yolov8n, H100). */
  static final double EAGER_FACTOR = 1.6;
  /** The same with the step captured as CUDA graphs (38 GB / 16 GB). */
  static final double GRAPHS_FACTOR = 2.4;

  private AutoBatch() {}

  /**
   * The fraction of free GPU memory {@code batch} asks for: itself for {@code 0 < batch < 1}, else Ultralytics'
   * default 0.6 (for {@code -1}).
   */
  static double fraction(double batch) {
    return batch > 0 && batch < 1 ? batch : 0.6;
  }

  /**
   * The batch for training {@code net} on {@code device}.
   *
   * @param maxObjects the most labels in a training image times 4 (a mosaic holds four images)
   * @param datasetSize training images; the batch never exceeds it
   * @param cudaGraphs whether training will capture its step as CUDA graphs
   */
  static int choose(DetectionModel net, Device device, int imgsz, boolean amp, double fraction, int maxObjects,
      int datasetSize, boolean cudaGraphs) {
    LOG.info(String.format(Locale.ROOT, "AutoBatch: Computing optimal batch size for imgsz=%d at %.1f%% CUDA memory"
        + " utilization.", imgsz, fraction * 100));
    if (!device.isCuda()) {
      LOG.warn("AutoBatch: intended for CUDA devices, using default batch-size {}", DEFAULT_BATCH);
      return DEFAULT_BATCH;
    }
    String d = "CUDA:" + device.index();
    Cuda.Properties props = Cuda.properties(device);
    Cuda.AllocatorMemory m = Cuda.allocatorMemory(device);
    double t = props.totalMemory() / GIB;
    double r = m.reserved() / GIB;
    double a = m.allocated() / GIB;
    double f = t - (r + a);
    LOG.info(String.format(Locale.ROOT, "AutoBatch: %s (%s) %.2fG total, %.2fG reserved, %.2fG allocated, %.2fG free",
        d, props.name(), t, r, a, f));
    List<Integer> sizes = new ArrayList<>(t < 16 ? List.of(1, 2, 4, 8, 16) : List.of(1, 2, 4, 8, 16, 32, 64));
    if (datasetSize > 0) {
      sizes.removeIf(b -> b > datasetSize);
    }
    DetectionModel copy = DetectionModel.fromConfig(net.config());
    try {
      try (PointerScope scope = new PointerScope()) {
        copy.loadStateDict(net.stateDict());
      }
      copy.to(device.toTorch(), torch.ScalarType.Float, false);
      copy.train(true);
      Double[] gib = new Double[sizes.size()];
      for (int i = 0; i < sizes.size(); i++) {
        gib[i] = profile(copy, device, sizes.get(i), imgsz, amp, maxObjects);
      }
      int b = fit(sizes, gib, t, f, fraction, d, cudaGraphs ? GRAPHS_FACTOR : EAGER_FACTOR);
      if (datasetSize > 0) {
        b = Math.min(b, datasetSize);
      }
      return b;
    } catch (RuntimeException e) {
      LOG.warn("AutoBatch: error detected: {},  using default batch-size {}.", e.getMessage(), DEFAULT_BATCH);
      return DEFAULT_BATCH;
    } finally {
      copy.close();
      Cuda.emptyCache();
    }
  }

  /** Reserved GiB after a forward and backward at {@code batch}, or null where it failed (out of memory). */
  private static Double profile(DetectionModel model, Device device, int batch, int imgsz, boolean amp,
      int maxObjects) {
    try {
      Cuda.emptyCache();
      try (PointerScope scope = new PointerScope()) {
        Tensor x = onDevice(device, batch, model.config().channels(), imgsz, imgsz).normal_();
        DetectOutput out;
        try (Autocast ac = Autocast.enter(device, amp, torch.ScalarType.Half)) {
          out = model.forwardRaw(x);
        }
        Tensor sum = out.oneToMany().boxes().sum().add(out.oneToMany().scores().sum());
        sum.backward();
        if (maxObjects > 0) {
          // the detection loss's peak: about 6 (batch, objects, anchors) and 6 (batch, anchors, nc) fp32 buffers
          long anchors = 0;
          for (int s : model.strides()) {
            anchors += (long) (imgsz / s) * (imgsz / s);
          }
          onDevice(device, batch, 6L * maxObjects, anchors).normal_();
          onDevice(device, batch, anchors, 6L * model.nc()).normal_();
        }
        model.zero_grad(true);
      }
      double gib = Cuda.allocatorMemory(device).reserved() / GIB;
      LOG.info(String.format(Locale.ROOT, "AutoBatch: batch %d: %.3fG reserved", batch, gib));
      return gib;
    } catch (RuntimeException e) {
      LOG.info("AutoBatch: batch {}: {}", batch, YoloOutOfMemoryException.isOutOfMemory(e) ? "out of memory"
          : e.getMessage());
      model.zero_grad(true);
      return null;
    }
  }

  /** An uninitialised fp32 tensor on {@code device}. */
  private static Tensor onDevice(Device device, long... shape) {
    return torch.empty(shape,
        new org.bytedeco.pytorch.TensorOptions().device(new org.bytedeco.pytorch.DeviceOptional(device.toTorch())),
        new org.bytedeco.pytorch.MemoryFormatOptional());
  }

  /**
   * Ultralytics' fit: a line through the valid points (each using more memory than the one before it), the batch
   * where it meets {@code round(free * fraction)} GiB, stepped back below the first failed size; outside 1..1024 the
   * default.
   */
  static int fit(List<Integer> sizes, Double[] gib, double total, double free, double fraction, String device,
      double perImageFactor) {
    List<double[]> xy = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      Double y = gib[i];
      if (y != null && y > 0 && y < total && (i == 0 || gib[i - 1] == null || y > gib[i - 1])) {
        xy.add(new double[] {sizes.get(i), y});
      }
    }
    if (xy.size() < 2) {
      throw new IllegalStateException("too few batch sizes could be profiled (" + xy.size() + ")");
    }
    double mx = xy.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    double my = xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    for (double[] p : xy) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    double intercept = my - sxy / sxx * mx;
    double slope = sxy / sxx * perImageFactor; // what training holds per image, not the bare profile
    int b = (int) ((Math.rint(free * fraction) - intercept) / slope);
    for (int i = 0; i < sizes.size(); i++) {
      if (gib[i] == null) { // the first failed size
        if (b >= sizes.get(i)) {
          b = sizes.get(Math.max(i - 1, 0));
        }
        break;
      }
    }
    if (b < 1 || b > 1024) {
      LOG.warn("AutoBatch: batch={} outside safe range, using default batch-size {}.", b, DEFAULT_BATCH);
      return DEFAULT_BATCH;
    }
    double used = (slope * b + intercept + (total - free)) / total;
    LOG.info(String.format(Locale.ROOT, "AutoBatch: Using batch-size %d for %s %.2fG/%.2fG (%.0f%%, training's"
        + " memory per image taken as %.1fx the profile's) ✅", b, device, total * used, total, used * 100,
        perImageFactor));
    return b;
  }
}
