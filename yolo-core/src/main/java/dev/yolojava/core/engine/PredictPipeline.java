package dev.yolojava.core.engine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.ops.Nms;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.data.image.Letterbox;
import dev.yolojava.data.image.LetterboxGeometry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import dev.yolojava.data.image.UnreadableImageException;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.LayoutOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link Predictor}'s batches as a pipeline: images are decoded and letterboxed on a thread pool straight into a
 * (pinned, on CUDA) uint8 NHWC batch tensor while the previous batch runs through the model; the batch is copied to
 * the device as uint8 (non-blocking), and the channel flip, NCHW permute, fp16/fp32 cast and /255 run there. Results
 * come back in input order, with the same boxes as {@link Predictor#predict} (same letterbox per batch: the
 * stride-aligned rectangle when the batch shares one shape, or exactly {@link InferenceBackend#fixedImgsz()}).
 *
 * <p>One pipeline (its worker threads) can serve many runs, from many threads at once, each with its own options;
 * each run's results are read by one thread. {@link #close()} stops the workers.
 */
public final class PredictPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PredictPipeline.class);
  /** One image to predict on: a name and how to decode it (a fresh BGR Mat that the pipeline closes). */
  public record Input(String name, Supplier<Mat> decoder) {}

  /**
   * Detections of one image: rows {@code x1 y1 x2 y2 conf cls} in the original {@code height x width} pixels; the
   * letterboxed input's {@code inferH x inferW}; and the image's share of its batch's milliseconds in decode and
   * letterbox, inference and NMS (on CUDA without extra synchronisation, so the GPU's time may count under NMS);
   * for a segmentation model the rows' masks ({@code segments}, else null).
   */
  public record Result(String name, int height, int width, float[][] rows, int inferH, int inferW, double preMs,
      double inferMs, double postMs, Predictor.Segments segments) {
    public Result(String name, int height, int width, float[][] rows, int inferH, int inferW, double preMs,
        double inferMs, double postMs) {
      this(name, height, width, rows, inferH, inferW, preMs, inferMs, postMs, null);
    }
  }

  /**
   * Inputs that arrive over time (camera and network frames): an input iterator that implements this ends a batch
   * early, and prepares no batch ahead, when no input is ready now, so a frame waits for the model, never for the
   * next frames. Without it, batches fill up to the batch size and the pipeline reads ahead.
   */
  public interface Arrivals {
    /** Whether {@code next()} would return an input without waiting. */
    boolean ready();
  }

  /** The results of one run, in input order; {@link #close()} drops the batches still being prepared. */
  public interface Results extends Iterator<Result>, AutoCloseable {
    @Override
    void close();
  }

  private final InferenceBackend model;
  private final Predictor postprocessor; // the sequential predictor's NMS and scaling to original pixels, shared
  private final Predictor.Options options;
  private final int prefetch;
  private final StageTimes times;
  private final ExecutorService pool;

  /**
   * @param workers decode + letterbox threads
   * @param prefetch batches prepared ahead of the one in the model (at least 1)
   * @param times where stage durations are added, or {@code null}; when set on CUDA, each stage is synchronised
   *     so the split is exact (slightly slower)
   */
  public PredictPipeline(InferenceBackend model, Predictor.Options options, int workers, int prefetch,
      StageTimes times) {
    checkArgument(workers > 0, "workers is %s, expected > 0", workers);
    checkArgument(prefetch > 0, "prefetch is %s, expected > 0", prefetch);
    dev.yolojava.data.image.OpenCvThreads.forWorkers();
    this.model = model;
    this.postprocessor = new Predictor(model);
    this.options = options;
    this.prefetch = prefetch;
    this.times = times;
    AtomicInteger n = new AtomicInteger();
    dev.yolojava.cuda.Device device = model.device();
    // idle workers end after a while, so a model kept around between requests holds no threads
    ThreadPoolExecutor executor = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
      // Workers allocate pinned batches: with the model's GPU current, no context is made on GPU 0.
      Runnable onDevice = () -> {
        try (dev.yolojava.cuda.Cuda.DeviceGuard guard = dev.yolojava.cuda.Cuda.deviceGuard(device)) {
          r.run();
        }
      };
      Thread t = new Thread(onDevice, "yolo-predict-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    this.pool = executor;
  }

  /** Default sizing: one worker per core (at most 16), two batches ahead. */
  public PredictPipeline(InferenceBackend model, Predictor.Options options) {
    this(model, options, Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors())), 2, null);
  }

  /** Predicts on all inputs with this pipeline's options; results in input order. */
  public List<Result> predict(List<Input> inputs) {
    List<Result> out = new ArrayList<>(inputs.size());
    try (Results r = run(inputs.iterator())) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  /** {@link #run(Iterator, Predictor.Options)} with this pipeline's options. */
  public Results run(Iterator<Input> inputs) {
    return run(inputs, options);
  }

  /**
   * Lazily predicts on {@code inputs}, pulling only as many as the batches in flight need; results in input order.
   * An input that cannot be decoded is skipped with a warning, as Ultralytics' loader does; when no input at all
   * could be decoded, the first one's exception is thrown from {@code hasNext()}/{@code next()}.
   */
  public Results run(Iterator<Input> inputs, Predictor.Options runOptions) {
    return new ResultIterator(inputs, runOptions);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /**
   * A prepared batch: the uint8 BGR NHWC tensor (owned: release once used; null when no input of the batch could be
   * decoded), the original sizes, and the inputs that could not be decoded with why.
   */
  private record Prepared(Tensor nhwc, List<Input> inputs, int[] heights, int[] widths,
      List<Map.Entry<Input, RuntimeException>> unreadable, long preNanos) {
    static Prepared none(List<Map.Entry<Input, RuntimeException>> unreadable) {
      return new Prepared(null, List.of(), new int[0], new int[0], unreadable, 0);
    }

    Prepared withUnreadable(List<Map.Entry<Input, RuntimeException>> failed) {
      return new Prepared(nhwc, inputs, heights, widths, failed, preNanos);
    }

    Prepared withPreNanos(long nanos) {
      return new Prepared(nhwc, inputs, heights, widths, unreadable, nanos);
    }

    void release() {
      if (nhwc != null) {
        nhwc.releaseReference();
      }
    }
  }

  private final class ResultIterator implements Results {
    private final Iterator<Input> inputs;
    private final Predictor.Options options;
    private final ArrayDeque<CompletableFuture<Prepared>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Result> ready = new ArrayDeque<>();
    private boolean closed;
    private long produced;
    private RuntimeException firstUnreadable;

    ResultIterator(Iterator<Input> inputs, Predictor.Options options) {
      this.inputs = inputs;
      this.options = options;
    }

    @Override
    public void close() {
      closed = true;
      ready.clear();
      // batches still being decoded release their batch tensor once done; nothing waits for them
      for (CompletableFuture<Prepared> f : inFlight) {
        f.thenAccept(Prepared::release);
      }
      inFlight.clear();
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      fill();
      while (ready.isEmpty() && !inFlight.isEmpty()) {
        Prepared p = join(inFlight.poll());
        fill();  // queue the next batches' decoding before this one occupies the model
        try {
          skip(p.unreadable());
          if (p.nhwc() != null) {
            ready.addAll(infer(p, options));
            produced += p.inputs().size();
          }
        } finally {
          p.release();
        }
      }
      if (ready.isEmpty() && produced == 0 && firstUnreadable != null) {
        throw firstUnreadable; // nothing could be read at all: the reason, not an empty result
      }
      return !ready.isEmpty();
    }

    /** As Ultralytics' loader: an image that cannot be read is skipped with a warning ("Image Read Error"). */
    private void skip(List<Map.Entry<Input, RuntimeException>> unreadable) {
      for (Map.Entry<Input, RuntimeException> e : unreadable) {
        if (firstUnreadable == null) {
          firstUnreadable = e.getValue();
        }
        LOG.warn("Image Read Error {}: {}; skipped", e.getKey().name(), e.getValue().getMessage());
      }
    }

    @Override
    public Result next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more predict results");
      }
      return ready.poll();
    }

    private void fill() {
      Arrivals arrivals = inputs instanceof Arrivals a ? a : null;
      while (inFlight.size() < prefetch && (arrivals == null || inFlight.isEmpty() || arrivals.ready())
          && inputs.hasNext()) {
        List<Input> batch = new ArrayList<>(options.batch());
        while (batch.size() < options.batch() && (arrivals == null || batch.isEmpty() || arrivals.ready())
            && inputs.hasNext()) {
          batch.add(inputs.next());
        }
        inFlight.add(prepare(batch, options));
      }
    }
  }

  private static Prepared join(CompletableFuture<Prepared> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /** Decodes all images in parallel, then letterboxes each (in parallel) into its slot of one batch tensor. */
  private CompletableFuture<Prepared> prepare(List<Input> batch, Predictor.Options options) {
    long t0 = System.nanoTime();
    List<CompletableFuture<Mat>> decoded = new ArrayList<>(batch.size());
    for (Input in : batch) {
      decoded.add(CompletableFuture.supplyAsync(in.decoder(), pool));
    }
    // an input that cannot be decoded leaves the batch (the caller skips it with a warning); the others go on
    return CompletableFuture.allOf(decoded.toArray(CompletableFuture[]::new))
        .handle((ok, err) -> decoded)
        .thenCompose(all -> {
          List<Input> kept = new ArrayList<>(batch.size());
          List<Mat> mats = new ArrayList<>(batch.size());
          List<Map.Entry<Input, RuntimeException>> failed = new ArrayList<>();
          for (int i = 0; i < batch.size(); i++) {
            try {
              mats.add(all.get(i).join());
              kept.add(batch.get(i));
            } catch (CompletionException e) {
              if (!(e.getCause() instanceof UnreadableImageException unreadable)) {
                all.forEach(f -> f.thenAccept(Mat::close)); // every image decoded, before or after this one
                throw e; // only a file that cannot be read is skipped; any other failure stops the run
              }
              failed.add(Map.entry(batch.get(i), unreadable));
            }
          }
          return mats.isEmpty() ? CompletableFuture.completedFuture(Prepared.none(failed))
              : letterboxAll(kept, mats, options).thenApply(p -> p.withUnreadable(failed));
        })
        .thenApply(p -> {
          long took = System.nanoTime() - t0;
          if (times != null) {
            times.add(StageTimes.Stage.DECODE_LETTERBOX, took, batch.size());
          }
          return p.withPreNanos(took);
        });
  }

  private CompletableFuture<Prepared> letterboxAll(List<Input> batch, List<Mat> mats, Predictor.Options options) {
    int n = mats.size();
    int[] heights = new int[n];
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      heights[i] = mats.get(i).rows();
      widths[i] = mats.get(i).cols();
    }
    Letterbox lb = letterbox(mats, options);
    LetterboxGeometry g0 = lb.geometry(heights[0], widths[0]);
    int h = g0.unpadH() + g0.top() + g0.bottom();
    int w = g0.unpadW() + g0.left() + g0.right();
    Tensor nhwc;
    try (PointerScope scope = new PointerScope()) {
      boolean cuda = model.device().isCuda();
      // On CUDA a short last batch is padded (zeros, results dropped) to the full batch shape: a new shape costs
      // cuDNN a fresh algorithm search, far more than the idle rows.
      int rows = cuda && model instanceof YoloModel ? Math.max(n, options.batch()) : n;
      nhwc = torch.empty(new long[] {rows, h, w, 3}, new ScalarTypeOptional(torch.ScalarType.Byte),
          new LayoutOptional(), new DeviceOptional(), new BoolOptional(cuda), new MemoryFormatOptional());
      if (rows > n) {
        nhwc.narrow(0, n, rows - n).zero_();
      }
      nhwc.retainReference();
    }
    BytePointer base = new BytePointer(nhwc.data_ptr());
    long plane = (long) h * w * 3;
    List<CompletableFuture<Void>> slots = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int idx = i;
      slots.add(CompletableFuture.runAsync(() -> {
        Mat src = mats.get(idx);
        LetterboxGeometry g = lb.geometry(src.rows(), src.cols());
        try (BytePointer at = new BytePointer(base).position(idx * plane);
            Mat dst = new Mat(h, w, opencv_core.CV_8UC3, at)) {
          Letterbox.applyInto(src, g, dst);
        } finally {
          src.close();
        }
      }, pool));
    }
    return CompletableFuture.allOf(slots.toArray(CompletableFuture[]::new))
        .handle((ok, err) -> {
          if (err != null) {
            nhwc.releaseReference();
            throw err instanceof CompletionException ce ? ce : new CompletionException(err);
          }
          return new Prepared(nhwc, batch, heights, widths, List.of(), 0);
        });
  }

  private Letterbox letterbox(List<Mat> mats, Predictor.Options options) {
    int[] fixed = model.fixedImgsz();
    if (fixed != null) {
      return new Letterbox(fixed[0], fixed[1], false, true, true, model.maxStride());
    }
    boolean sameShape = mats.stream().allMatch(
        m -> m.rows() == mats.get(0).rows() && m.cols() == mats.get(0).cols());
    // Ultralytics letterboxes to the minimum stride-aligned rectangle when all images of a batch share a shape.
    return new Letterbox(options.imgszH(), options.imgszW(), sameShape, true, true, model.maxStride());
  }

  private List<Result> infer(Prepared p, Predictor.Options options) {
    boolean cuda = model.device().isCuda();
    try (PointerScope scope = new PointerScope(); InferenceMode guard = new InferenceMode()) {
      long t = System.nanoTime();
      long t0 = t;
      Tensor onDevice = cuda ? p.nhwc().to(model.device().toTorch(), torch.ScalarType.Byte, true, false,
          new MemoryFormatOptional()) : p.nhwc();
      t = lap(StageTimes.Stage.H2D, t, p, cuda);
      int inH = (int) onDevice.size(1);
      int inW = (int) onDevice.size(2);
      // BGR NHWC uint8 -> RGB NCHW on the device, then the same cast and /255 as the sequential path.
      Tensor x = onDevice.flip(3).permute(0, 3, 1, 2).contiguous()
          .to(model.isHalf() ? torch.ScalarType.Half : torch.ScalarType.Float)
          .div_(new Scalar(255.0));
      boolean segmenter = model.segments();
      Tensor[] outputs = segmenter ? model.forwardSegment(x) : new Tensor[] {model.forward(x)};
      Tensor pred = outputs[0];
      int n = p.inputs().size();
      if (pred.size(0) > n) {
        pred = pred.narrow(0, 0, n);  // padding rows of a short last batch
      }
      t = lap(StageTimes.Stage.FORWARD, t, p, cuda);
      long tForward = System.nanoTime();
      List<float[][]> dets = segmenter
          ? Nms.apply(pred, options.nms(), model.endToEnd(), model.names().size())
          : postprocessor.postprocess(pred, options);
      Predictor.Segments[] segments = new Predictor.Segments[dets.size()];
      for (int i = 0; i < dets.size(); i++) {
        if (segmenter) {
          segments[i] = Predictor.segmentImage(dets.get(i), outputs[1].get(i), inH, inW, p.heights()[i],
              p.widths()[i], options.retinaMasks());
          dets.set(i, segments[i].rows());
        } else {
          postprocessor.toOriginal(dets.get(i), inH, inW, p.heights()[i], p.widths()[i]);
        }
      }
      long tEnd = System.nanoTime();
      double per = 1e6 * n;
      List<Result> out = new ArrayList<>(dets.size());
      for (int i = 0; i < dets.size(); i++) {
        out.add(new Result(p.inputs().get(i).name(), p.heights()[i], p.widths()[i], dets.get(i), inH, inW,
            p.preNanos() / per, (tForward - t0) / per, (tEnd - tForward) / per, segments[i]));
      }
      lap(StageTimes.Stage.NMS, t, p, cuda);
      return out;
    }
  }

  private long lap(StageTimes.Stage stage, long start, Prepared p, boolean cuda) {
    if (times == null) {
      return start;
    }
    if (cuda) {
      Cuda.synchronize();
    }
    long now = System.nanoTime();
    times.add(stage, now - start, p.inputs().size());
    return now;
  }
}
