package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.LoadedImage;
import dev.yolojava.data.RatioPad;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentBuffers;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.augment.SamplePlan;
import dev.yolojava.data.augment.Boxes;
import dev.yolojava.data.augment.Polygons;
import dev.yolojava.data.augment.SampleRandom;
import dev.yolojava.data.augment.TrainTransform;
import dev.yolojava.data.augment.ValTransform;
import dev.yolojava.data.image.Images;
import dev.yolojava.data.image.JpegLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * The asynchronous batch loader: a persistent pool of worker threads decodes and augments samples (one task per
 * sample) straight into the batch tensors of the next {@code prefetch} batches, which the consumer takes in order.
 * Each sample's randomness comes from (seed, epoch, dataset index) only, so output is identical for any worker
 * count. Iterating starts the epoch set by {@link #setEpoch}; starting a new iteration abandons the previous one.
 * Not for concurrent iteration from several threads. Closing stops and joins the workers and frees every native
 * buffer; batches already handed out stay valid until closed by their owner. The dataset is not closed.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
  static {
    dev.yolojava.runtime.JavaCppDefaults.apply(); // before any native type loads
  }

  private static final AtomicInteger IDS = new AtomicInteger();

  private final YoloDataset dataset;
  private final LoaderOptions opts;
  private final boolean training;
  private final ValTransform val;
  private final ExecutorService pool;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final Queue<AugmentBuffers> allBuffers = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<AugmentBuffers> buffers;
  private final AtomicLong cpuDecodes = new AtomicLong();
  private volatile TrainTransform train;
  /** Decodes the JPEGs of rendered training batches on the GPU when set ({@link #decodeJpegsOn}). */
  private volatile GpuJpegs gpuJpegs;
  private int epoch;
  private volatile MaskSpec masks; // training targets' masks for a segmentation model, or null
  private Run current;
  private boolean closed;

  /**
   * Cores left to the threads that feed the GPU when it renders the augmentation (the consumer, its rendering
   * threads, autograd): decode workers on them slow the rendering's launches. H100 machine, 16 cores, LoaderBench
   * without cache, 2 rendering threads: 3,062 img/s with 16 workers, 3,612 with 14, 3,955 with 12. Like
   * Ultralytics' cap at the core count; batches do not depend on the worker count.
   * {@code -Dyolo.loader.gpuFeedCores=0} lifts the cap.
   */
  static final int GPU_FEED_CORES = Integer.getInteger("yolo.loader.gpuFeedCores", 4);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataLoader.class);

  /**
   * The decode threads to start: {@code workers}, when rendering on the device at most the cores less
   * {@link #GPU_FEED_CORES} (less a quarter of them on machines under 16 cores).
   */
  public static int decodeWorkers(LoaderOptions opts, int cores) {
    if (!opts.renderOnDevice()) {
      return opts.workers();
    }
    int reserve = Math.min(GPU_FEED_CORES, cores / 4); // small machines keep most cores decoding
    return Math.max(1, Math.min(opts.workers(), cores - reserve));
  }

  private DataLoader(YoloDataset dataset, AugmentConfig aug, LoaderOptions opts, boolean training) {
    dev.yolojava.data.image.OpenCvThreads.forWorkers();
    this.dataset = dataset;
    this.opts = opts;
    this.training = training;
    this.train = training ? new TrainTransform(dataset, aug) : null;
    this.val = training ? null : new ValTransform(dataset);
    String name = "yolo-loader-" + IDS.incrementAndGet() + "-w";
    AtomicInteger n = new AtomicInteger();
    int workers = decodeWorkers(opts, Runtime.getRuntime().availableProcessors());
    if (workers < opts.workers()) {
      LOG.info("{} decode workers, not {}: the other cores stay with the threads that render on and feed the GPU",
          workers, opts.workers());
    }
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, name + n.getAndIncrement());
      t.setDaemon(true);
      threads.add(t);
      return t;
    });
    this.buffers = ThreadLocal.withInitial(() -> {
      AugmentBuffers b = new AugmentBuffers();
      allBuffers.add(b);
      return b;
    });
  }

  /** A training loader: Ultralytics' augmentation pipeline, batches of imgsz x imgsz. */
  public static DataLoader train(YoloDataset dataset, AugmentConfig aug, LoaderOptions opts) {
    return new DataLoader(dataset, aug, opts, true);
  }

  /** A validation loader: letterboxed (rectangular batches when {@code opts.rect()}), no augmentation. */
  public static DataLoader val(YoloDataset dataset, LoaderOptions opts) {
    return new DataLoader(dataset, null, opts, false);
  }

  /**
   * Training batches of polygon labels then carry masks, as Ultralytics' {@code Format(return_mask=True)} draws them
   * for a segmentation model: with {@code overlap} one index map per image (objects reordered by area, largest
   * first), else one mask per object; {@code ratio} the input size over the mask size ({@code mask_ratio}).
   */
  public DataLoader withMasks(boolean overlap, int ratio) {
    checkState(training, "masks are training targets; validation draws its own");
    checkArgument(ratio >= 1, "mask_ratio is %s, expected an integer >= 1", ratio);
    checkArgument(dataset.hasSegments(), "a segmentation model trains on polygon labels (cls x1 y1 x2 y2 ...), but"
        + " the training set's labels are boxes");
    this.masks = new MaskSpec(overlap, ratio);
    return this;
  }

  /** Training masks: {@code overlap_mask} and {@code mask_ratio}. */
  record MaskSpec(boolean overlap, int ratio) {}

  public YoloDataset dataset() {
    return dataset;
  }

  public LoaderOptions options() {
    return opts;
  }

  /** The augmentation in effect for the next epoch (training loaders). */
  public AugmentConfig augment() {
    checkState(training, "a validation loader has no augmentation");
    return train.config();
  }

  /**
   * From the next batch on, leaves the JPEGs of training batches that render on the device (no RAM cache) encoded
   * until they reach the GPU, where the JPEG engines of CUDA device {@code device} decode a batch's files in one
   * call ({@link GpuJpegs}), pixel for pixel as OpenCV does. False, decoding staying with OpenCV, where the device
   * has no JPEG engine or nvJPEG cannot load.
   */
  public synchronized boolean decodeJpegsOn(Device device) {
    checkState(!closed, "the loader is closed");
    checkArgument(device.isCuda() && device.split().size() == 1, "JPEG decoding device is %s, expected one CUDA device",
        device);
    if (gpuJpegs == null) {
      gpuJpegs = GpuJpegs.open(device).orElse(null);
    }
    return gpuJpegs != null;
  }

  /**
   * Images decoded by the GPU's JPEG engines so far, and images loaded on the CPU (decoded, or from a cache) into
   * batches' shared pools (every training batch without a RAM cache, and rendered ones with it).
   */
  public long[] decodeCounts() {
    GpuJpegs g = gpuJpegs;
    return new long[] {g == null ? 0 : g.gpuDecodes(), cpuDecodes.get()};
  }

  /** Sets the epoch the next {@link #iterator()} runs (reshuffles and re-draws augmentation). */
  public synchronized void setEpoch(int epoch) {
    this.epoch = epoch;
  }

  public synchronized int epoch() {
    return epoch;
  }

  /** Ultralytics' close_mosaic: mosaic, mixup, cutmix and copy-paste off from the next iteration on. */
  public synchronized void closeMosaic() {
    checkState(training, "closeMosaic() applies to training loaders");
    train = new TrainTransform(dataset, train.config().withMosaicClosed());
  }

  /** Batches per epoch on this rank. */
  public int numBatches() {
    return plan(epoch).size();
  }

  private List<EpochPlan.BatchSpec> plan(int e) {
    return training ? EpochPlan.train(dataset.size(), dataset.imgsz(), opts, e)
        : EpochPlan.val(dataset.labels(), dataset.imgsz(), opts);
  }

  /** Starts the current epoch; any unfinished previous iteration is cancelled and its pending batches freed. */
  @Override
  public synchronized Iterator<Batch> iterator() {
    checkState(!closed, "the loader is closed");
    Ahead adopted = null;
    if (current != null) {
      adopted = current.handOver(epoch, train);
      current.cancel();
    }
    try {
      current = adopted == null ? new Run(plan(epoch), epoch, train, List.of())
          : new Run(adopted.plan(), epoch, train, adopted.started());
    } catch (RuntimeException | Error e) {
      current = null;
      if (adopted != null) {
        adopted.started().forEach(Pending::discard); // nothing else owns them now
      }
      throw e;
    }
    return current;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.cancel();
      current = null;
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
      for (Thread t : threads) {
        t.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    AugmentBuffers b;
    while ((b = allBuffers.poll()) != null) {
      b.close();
    }
    if (gpuJpegs != null) {
      gpuJpegs.close();
    }
  }

  /** The pack layout of a planned batch: per dataset index {offset, h, w}; the slot that copies each image. */
  private record PackIndex(Map<Integer, long[]> where, Map<Integer, Integer> firstSlot, long base) {}

  /** One sample's targets and metadata; {@code masks}: a training sample's mask planes, or null. */
  private record SampleOut(Path path, int[] origShape, float[] cls, float[] xywh, RatioPad ratioPad,
      float[][] segments, float[][] keypoints, SampleMasks masks) {
    SampleOut(Path path, int[] origShape, float[] cls, float[] xywh, RatioPad ratioPad, float[][] segments,
        float[][] keypoints) {
      this(path, origShape, cls, xywh, ratioPad, segments, keypoints, null);
    }
  }

  /** A training sample's masks: {@code planes} maps of {@code h x w} values, row after row. */
  private record SampleMasks(int planes, int h, int w, float[] values) {}

  /**
   * Ultralytics' {@code Format._format_segments} on an augmented sample of {@code h x w}: the masks of its boxes'
   * outlines and, with {@code overlap}, the boxes reordered as the index map numbers them.
   */
  private SampleOut trainOut(Path path, int[] orig, Boxes boxes, int h, int w) {
    MaskSpec m = masks;
    if (m == null) {
      return new SampleOut(path, orig, boxes.cls(), boxes.toNormalizedXywh(w, h), null, null,
          boxes.toNormalizedKeypoints(w, h));
    }
    int mh = h / m.ratio();
    int mw = w / m.ratio();
    float[][] outlines = boxes.segments() == null ? new float[0][] : boxes.segments();
    Boxes b = boxes;
    SampleMasks sm;
    if (m.overlap()) {
      float[] map = new float[mh * mw];
      if (b.size() > 0) {
        Polygons.Overlap o = Polygons.overlap(h, w, outlines, m.ratio());
        for (int i = 0; i < map.length; i++) {
          map[i] = o.map()[i];
        }
        b = reorder(b, o.order());
      }
      sm = new SampleMasks(1, mh, mw, map);
    } else {
      float[] planes = new float[b.size() * mh * mw];
      byte[][] each = Polygons.masks(h, w, outlines, m.ratio());
      for (int k = 0; k < each.length; k++) {
        for (int i = 0; i < each[k].length; i++) {
          planes[k * mh * mw + i] = each[k][i] & 0xff;
        }
      }
      sm = new SampleMasks(b.size(), mh, mw, planes);
    }
    return new SampleOut(path, orig, b.cls(), b.toNormalizedXywh(w, h), null, null, b.toNormalizedKeypoints(w, h),
        sm);
  }

  /** The boxes in {@code order} (Ultralytics' {@code instances[sorted_idx]}). */
  private static Boxes reorder(Boxes b, int[] order) {
    float[] cls = new float[order.length];
    float[] xyxy = new float[4 * order.length];
    for (int i = 0; i < order.length; i++) {
      cls[i] = b.cls()[order[i]];
      System.arraycopy(b.xyxy(), 4 * order[i], xyxy, 4 * i, 4);
    }
    return new Boxes(cls, xyxy);
  }

  private SampleOut runSample(EpochPlan.BatchSpec spec, int slot, long base, int ep, TrainTransform tt,
      TrainTransform.ImageSource src) {
    AugmentBuffers buf = buffers.get(); // outside the scope: buffers live as long as the thread
    try (PointerScope scope = new PointerScope()) {
      int idx = spec.samples()[slot];
      int h = spec.h();
      int w = spec.w();
      long addr = base + (long) slot * 3 * h * w;
      var l = dataset.labels(idx);
      int[] orig = {l.height(), l.width()};
      if (tt != null) {
        TrainTransform.Result r = tt.apply(idx, SampleRandom.of(opts.seed(), ep, idx), buf,
            src != null ? src : tt.datasetSource());
        PlaneWriter.write(r.image(), addr, h, w, r.keepBgr());
        return trainOut(l.image(), orig, r.boxes(), h, w);
      }
      ValTransform.Result v = val.apply(idx, h, w);
      try {
        PlaneWriter.write(v.image(), addr, h, w, false);
      } finally {
        v.image().close();
      }
      return new SampleOut(l.image(), orig, v.boxes().cls(), v.boxes().toNormalizedXywh(w, h), v.ratioPad(),
          v.segments(), normalized(v.keypoints(), w, h));
    } catch (RuntimeException e) {
      throw new IllegalStateException(dataset.labels(spec.samples()[slot]).image() + ": " + e.getMessage(), e);
    }
  }

  /** Keypoints in input pixels divided by the input's size, in float32 as Ultralytics' {@code Format}. */
  private static float[][] normalized(float[][] keypoints, int w, int h) {
    if (keypoints == null) {
      return null;
    }
    for (float[] k : keypoints) {
      for (int j = 0; j < k.length; j += 3) {
        k[j] /= w;
        k[j + 1] /= h;
      }
    }
    return keypoints;
  }

  /** A batch's image: decoded here, or (for the GPU to decode) a JPEG's bytes and layout. */
  private record Source(LoadedImage image, byte[] jpeg, JpegLayout layout) {
    int height() {
      return image != null ? image.height() : layout.height();
    }

    int width() {
      return image != null ? image.width() : layout.width();
    }
  }

  /**
   * Sample {@code k}'s image for a rendered batch: with {@code gpu}, a JPEG that needs no resizing and that the GPU
   * decodes exactly as OpenCV does ({@link JpegLayout#plainYcc}) stays encoded; anything else is decoded here.
   */
  private Source source(int k, GpuJpegs gpu) {
    byte[] bytes = null;
    if (gpu != null) {
      bytes = Images.readBytes(dataset.labels(k).image()); // read once: decoded here if not left encoded
      JpegLayout l = JpegLayout.read(bytes).orElse(null);
      if (l != null && l.plainYcc().isPresent() && Math.max(l.width(), l.height()) == dataset.imgsz()) {
        return new Source(null, bytes, l);
      }
    }
    cpuDecodes.incrementAndGet();
    return new Source(bytes != null ? dataset.decode(k, bytes) : dataset.load(k), null, null);
  }

  private Tensor newTensor(torch.ScalarType type, long... shape) {
    try (PointerScope scope = new PointerScope()) { // isolates from any caller scope
      TensorOptions o = new TensorOptions(type);
      if (opts.pinMemory() && Cuda.isAvailable()) {
        o = o.pinned_memory(new BoolOptional(true));
      }
      Tensor t = torch.empty(shape, o, new MemoryFormatOptional());
      t.retainReference();
      return t;
    }
  }

  /**
   * A batch being produced: its image tensor and one future per sample. Without a RAM cache, training batches first
   * decode each of their images once, then every sample draws its mosaic/mix partners from that decoded pool, so a
   * sample costs about one decode instead of four.
   */
  private final class Pending {
    final EpochPlan.BatchSpec spec;
    final Tensor images;
    final RenderPlan plan;
    final List<Future<SampleOut>> futures = new ArrayList<>();
    final Map<Integer, CompletableFuture<Source>> decoded = new LinkedHashMap<>();
    /** Decodes this batch's JPEGs on the GPU; null to decode every image here. */
    final GpuJpegs gpu;
    volatile boolean dropped;

    Pending(EpochPlan.BatchSpec spec, int ep, TrainTransform tt) {
      this.spec = spec;
      int n = spec.samples().length;
      boolean render = tt != null && opts.renderOnDevice() && tt.plannable();
      this.gpu = render && dataset.cacheMode() == CacheMode.NONE ? gpuJpegs : null;
      if (render) {
        this.images = null;
        this.plan = new RenderPlan(n, spec.h(), null, new long[n * RenderPlan.META],
            newTensor(torch.ScalarType.Float, n, 6), newTensor(torch.ScalarType.Byte, n, RenderPlan.FLAGS),
            newTensor(torch.ScalarType.Byte, n, RenderPlan.LUT));
      } else {
        this.plan = null;
        this.images = newTensor(torch.ScalarType.Byte, n, 3, spec.h(), spec.w());
      }
      long base = render ? 0 : images.data_ptr().address();
      if (!render && (tt == null || dataset.cacheMode() == CacheMode.RAM)) {
        for (int i = 0; i < n; i++) {
          int slot = i;
          futures.add(pool.submit(() -> dropped ? null : runSample(spec, slot, base, ep, tt, null)));
        }
        return;
      }
      for (int s : spec.samples()) {
        decoded.computeIfAbsent(s, k -> CompletableFuture.supplyAsync(() -> dropped ? null : source(k, gpu), pool));
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(decoded.values().toArray(new CompletableFuture<?>[0]));
      TrainTransform.ImageSource src = new TrainTransform.ImageSource() {
        @Override
        public LoadedImage load(int index) {
          LoadedImage li = decoded.get(index).join().image();
          return new LoadedImage(li.image(), li.origH(), li.origW(), true);
        }

        @Override
        public int[] shape(int index) {
          Source s = decoded.get(index).join();
          return new int[] {s.height(), s.width()};
        }

        @Override
        public int partner(SampleRandom rng) {
          return spec.samples()[rng.nextInt(spec.samples().length)];
        }
      };
      if (render) {
        CompletableFuture<PackIndex> packed = all.thenApplyAsync(v -> dropped ? null : pack(), pool);
        for (int i = 0; i < n; i++) {
          int slot = i;
          futures.add(packed.thenApplyAsync(ix -> dropped ? null : runPlanned(slot, ep, tt, src, ix), pool));
        }
        return;
      }
      for (int i = 0; i < n; i++) {
        int slot = i;
        futures.add(all.thenApplyAsync(v -> dropped ? null : runSample(spec, slot, base, ep, tt, src), pool));
      }
    }

    /**
     * Where each image goes in the plan's pack, and which slot copies it there: images decoded here first, in the
     * host part (allocated here), then the JPEGs left for the GPU to decode into the device copy.
     */
    private PackIndex pack() {
      Map<Integer, long[]> where = new LinkedHashMap<>();
      long total = 0;
      for (Map.Entry<Integer, CompletableFuture<Source>> e : decoded.entrySet()) {
        Source s = e.getValue().join();
        if (s.image() != null) {
          where.put(e.getKey(), new long[] {total, s.height(), s.width()});
          total += 3L * s.height() * s.width();
        }
      }
      plan.pack = newTensor(torch.ScalarType.Byte, Math.max(1, total));
      List<byte[]> jpegs = new ArrayList<>();
      List<JpegLayout> layouts = new ArrayList<>();
      long[] at = new long[decoded.size()]; // in the device part
      long onDevice = 0;
      for (Map.Entry<Integer, CompletableFuture<Source>> e : decoded.entrySet()) {
        Source s = e.getValue().join();
        if (s.image() == null) {
          where.put(e.getKey(), new long[] {total + onDevice, s.height(), s.width()});
          at[jpegs.size()] = onDevice;
          jpegs.add(s.jpeg());
          layouts.add(s.layout());
          onDevice += 3L * s.height() * s.width();
        }
      }
      if (!jpegs.isEmpty()) {
        plan.deviceImages(gpu.decode(jpegs, layouts, Arrays.copyOf(at, jpegs.size()), onDevice), total);
      }
      Map<Integer, Integer> firstSlot = new LinkedHashMap<>();
      int[] samples = spec.samples();
      for (int i = samples.length - 1; i >= 0; i--) {
        firstSlot.put(samples[i], i);
      }
      return new PackIndex(where, firstSlot, plan.pack.data_ptr().address());
    }

    /** A planned sample: copies its own decoded image into the pack, then records its plan. */
    private SampleOut runPlanned(int slot, int ep, TrainTransform tt, TrainTransform.ImageSource src, PackIndex ix) {
      int idx = spec.samples()[slot];
      try (PointerScope scope = new PointerScope()) {
        LoadedImage li = decoded.get(idx).join().image();
        if (li != null && ix.firstSlot().get(idx) == slot) { // a JPEG left encoded is the GPU's to decode
          long[] at = ix.where().get(idx);
          PlaneWriter.copyInterleaved(li.image(), ix.base() + at[0], (int) at[1], (int) at[2]);
        }
        SamplePlan p = tt.plan(idx, SampleRandom.of(opts.seed(), ep, idx), src);
        long[] offsets = new long[4];
        int[] ws = new int[4];
        for (int t = 0; t < 4; t++) {
          long[] at = ix.where().get(p.sources()[t]);
          offsets[t] = at[0];
          ws[t] = (int) at[2];
        }
        plan.put(slot, p, offsets, ws);
        var l = dataset.labels(idx);
        return trainOut(l.image(), new int[] {l.height(), l.width()}, p.boxes(), spec.h(), spec.w());
      } catch (RuntimeException e) {
        throw new IllegalStateException(dataset.labels(idx).image() + ": " + e.getMessage(), e);
      }
    }

    /** Frees the decoded pool once no sample can read it any more. */
    void releaseDecoded() {
      for (CompletableFuture<Source> f : decoded.values()) {
        try {
          Source s = f.join();
          if (s != null && s.image() != null) {
            s.image().close();
          }
        } catch (RuntimeException ignored) {
          // a failed decode has nothing to free; its error surfaced through the samples
        }
      }
      decoded.clear();
    }

    /**
     * Skips samples not yet started, waits for running ones (they write into {@code images}; Future.cancel would
     * not stop them), then frees the tensor.
     */
    void discard() {
      dropped = true;
      boolean interrupted = false;
      for (Future<SampleOut> f : futures) {
        while (true) {
          try {
            f.get();
            break;
          } catch (InterruptedException e) {
            interrupted = true; // must not free memory a worker may still write: keep waiting
          } catch (ExecutionException | RuntimeException ignored) {
            break; // a failed sample of an abandoned batch: nothing to report
          }
        }
      }
      releaseDecoded();
      if (images != null) {
        images.close();
      }
      if (plan != null) {
        plan.close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    Batch collect(int ep) {
      List<SampleOut> outs = new ArrayList<>(futures.size());
      try {
        for (Future<SampleOut> f : futures) {
          outs.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        discard();
        throw new IllegalStateException("interrupted while waiting for batch " + spec.index(), e);
      } catch (ExecutionException e) {
        discard();
        Throwable c = e.getCause();
        throw new IllegalStateException("loading batch " + spec.index() + " of epoch " + ep + " failed: "
            + c.getMessage(), c);
      }
      releaseDecoded();
      int total = 0;
      for (SampleOut o : outs) {
        total += o.cls().length;
      }
      float[] bi = new float[total];
      float[] cl = new float[total];
      float[] bb = new float[4 * total];
      List<Path> paths = new ArrayList<>();
      List<int[]> shapes = new ArrayList<>();
      List<RatioPad> pads = training ? null : new ArrayList<>();
      List<float[][]> segments = new ArrayList<>();
      List<float[][]> keypoints = new ArrayList<>();
      int k = 0;
      for (int i = 0; i < outs.size(); i++) {
        SampleOut o = outs.get(i);
        for (int j = 0; j < o.cls().length; j++, k++) {
          bi[k] = i;
          cl[k] = o.cls()[j];
          System.arraycopy(o.xywh(), 4 * j, bb, 4 * k, 4);
        }
        paths.add(o.path());
        shapes.add(o.origShape());
        if (pads != null) {
          pads.add(o.ratioPad());
        }
        segments.add(o.segments());
        keypoints.add(o.keypoints());
      }
      boolean polygons = segments.stream().anyMatch(java.util.Objects::nonNull);
      boolean points = keypoints.stream().anyMatch(java.util.Objects::nonNull);
      Batch b = new Batch(spec.index(), images, plan, floats(bi, total), floats(cl, total, 1), floats(bb, total, 4),
          paths, shapes, pads, polygons ? segments : null, points ? keypoints : null);
      if (outs.stream().anyMatch(o -> o.masks() != null)) {
        b.attachMasks(stackMasks(outs));
      }
      return b;
    }

    /** The samples' mask planes stacked in batch order: {@code (planes, h, w)} floats (Ultralytics' collate). */
    private Tensor stackMasks(List<SampleOut> outs) {
      int planes = 0;
      int h = 0;
      int w = 0;
      for (SampleOut o : outs) {
        planes += o.masks().planes();
        h = o.masks().h();
        w = o.masks().w();
      }
      float[] all = new float[planes * h * w];
      int at = 0;
      for (SampleOut o : outs) {
        System.arraycopy(o.masks().values(), 0, all, at, o.masks().values().length);
        at += o.masks().values().length;
      }
      return floats(all, planes, h, w);
    }

    private Tensor floats(float[] v, long... shape) {
      Tensor t = newTensor(torch.ScalarType.Float, shape);
      if (v.length > 0) {
        try (FloatPointer p = new FloatPointer(t.data_ptr())) {
          p.put(v);
        }
      }
      return t;
    }
  }

  /** An epoch's plan and its first batches, started by the previous epoch's run. */
  private record Ahead(List<EpochPlan.BatchSpec> plan, List<Pending> started) {}

  /**
   * One epoch's iteration with its window of in-flight batches. A training run that has submitted all its batches
   * goes on with the first batches of the next epoch (same augmentation), which that epoch's run adopts, so the
   * workers never wait at an epoch boundary.
   */
  private final class Run implements Iterator<Batch> {
    private final List<EpochPlan.BatchSpec> plan;
    private final int ep;
    private final TrainTransform tt;
    private final ArrayDeque<Pending> window = new ArrayDeque<>();
    private final ArrayDeque<Pending> ahead = new ArrayDeque<>();
    private List<EpochPlan.BatchSpec> nextPlan;
    private int submitted;
    private int taken;
    private boolean cancelled;

    Run(List<EpochPlan.BatchSpec> plan, int ep, TrainTransform tt, List<Pending> adopted) {
      this.plan = plan;
      this.ep = ep;
      this.tt = tt;
      window.addAll(adopted);
      submitted = adopted.size();
      fill();
    }

    private void fill() {
      while (!cancelled && window.size() + ahead.size() < opts.prefetch()) {
        if (submitted < plan.size()) {
          window.add(new Pending(plan.get(submitted++), ep, tt));
        } else if (training) {
          if (nextPlan == null) {
            nextPlan = plan(ep + 1);
          }
          if (ahead.size() >= nextPlan.size()) {
            return;
          }
          ahead.add(new Pending(nextPlan.get(ahead.size()), ep + 1, tt));
        } else {
          return;
        }
      }
    }

    /** The next epoch's plan and batches started ahead, if {@code epoch} is that epoch with the same augmentation. */
    Ahead handOver(int epoch, TrainTransform transform) {
      if (epoch != ep + 1 || transform != tt || ahead.isEmpty()) {
        return null;
      }
      Ahead out = new Ahead(nextPlan, new ArrayList<>(ahead));
      ahead.clear();
      return out;
    }

    @Override
    public boolean hasNext() {
      synchronized (DataLoader.this) {
        return !cancelled && taken < plan.size();
      }
    }

    @Override
    public Batch next() {
      Pending p;
      synchronized (DataLoader.this) {
        if (!hasNext()) {
          throw new NoSuchElementException(cancelled ? "this iteration was cancelled (a new one started, or the "
              + "loader closed)" : "epoch " + ep + " has only " + plan.size() + " batches");
        }
        p = window.poll();
        taken++;
        fill(); // keep workers busy while we wait for p
      }
      return p.collect(ep);
    }

    void cancel() {
      cancelled = true;
      Pending p;
      while ((p = window.poll()) != null) {
        p.discard();
      }
      while ((p = ahead.poll()) != null) {
        p.discard();
      }
    }
  }
}
