package dev.yolojava.data.classify;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.data.image.Images;
import dev.yolojava.data.image.OpenCvThreads;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Batches of a {@link ClassifySplit} for training ({@code augment}: {@link ClassifyTransforms#train}) or validation
 * ({@link ClassifyTransforms#eval}), decoded with OpenCV as Ultralytics' {@code cv2.imread} and turned to RGB. A pool
 * of {@code workers} threads prepares one task per image for the next few batches; batches come in order, the last
 * one partial. Each epoch's order (shuffled by (seed, epoch)) and each image's augmentation (drawn from (seed,
 * epoch, dataset index)) depend on nothing else, so any worker count gives identical batches. Starting an epoch
 * abandons the previous one's iteration. Not for concurrent iteration from several threads.
 */
public final class ClassifyLoader implements AutoCloseable {
  static {
    dev.yolojava.runtime.JavaCppDefaults.apply(); // before any native type loads
  }

  /** Batches prepared ahead of the one being waited for. */
  private static final int PREFETCH = 2;
  private static final AtomicInteger IDS = new AtomicInteger();

  private final ClassifySplit split;
  private final int batchSize;
  private final int imgsz;
  private final boolean augment;
  private final ClassifyAugment aug;
  private final long seed;
  private final boolean shuffle;
  private final ExecutorService pool;
  /** Decoded RGB images by dataset index when caching in RAM, else null. */
  private volatile AtomicReferenceArray<Rgb> cache;
  private EpochRun current;
  private boolean closed;

  /**
   * A loader of {@code split} in batches of {@code batchSize} images of {@code imgsz x imgsz}, augmented with
   * {@code aug} when {@code augment}, on {@code workers} threads; {@code shuffle} reorders each epoch.
   */
  public ClassifyLoader(ClassifySplit split, int batchSize, int imgsz, boolean augment, ClassifyAugment aug,
      int workers, long seed, boolean shuffle) {
    Objects.requireNonNull(split, "split");
    checkArgument(batchSize > 0, "batch size is %s, expected a positive number of images", batchSize);
    checkArgument(imgsz > 0, "imgsz is %s, expected a positive image size", imgsz);
    checkArgument(workers > 0, "workers is %s, expected at least 1 loader thread", workers);
    checkArgument(!augment || aug != null, "augment is on but no ClassifyAugment was given");
    OpenCvThreads.forWorkers();
    this.split = split;
    this.batchSize = batchSize;
    this.imgsz = imgsz;
    this.augment = augment;
    this.aug = aug;
    this.seed = seed;
    this.shuffle = shuffle;
    String name = "yolo-cls-loader-" + IDS.incrementAndGet() + "-w";
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, name + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Keeps each decoded image in RAM after its first use (Ultralytics' {@code cache=ram}/{@code True}): later epochs
   * skip reading and decoding; batches are unchanged. Returns this loader.
   */
  public synchronized ClassifyLoader cacheInRam() {
    checkState(!closed, "the loader is closed");
    if (cache == null) {
      cache = new AtomicReferenceArray<>(split.size());
    }
    return this;
  }

  public ClassifySplit split() {
    return split;
  }

  public int imgsz() {
    return imgsz;
  }

  /** Batches per epoch, the last one partial when the split does not divide evenly. */
  public int batchesPerEpoch() {
    return (split.size() + batchSize - 1) / batchSize;
  }

  /** The dataset indices of epoch {@code e} in delivery order. */
  int[] order(int e) {
    int n = split.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom rng = new SplittableRandom(mix(mix(seed) + e * 0x9E3779B97F4A7C15L));
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** The random stream of dataset image {@code index} in epoch {@code e}. */
  static SplittableRandom sampleRandom(long seed, int e, int index) {
    return new SplittableRandom(mix(mix(mix(seed) ^ (e * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)) ^ index));
  }

  /** Murmur3's 64-bit finaliser: spreads nearby seeds far apart. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** The batches of epoch {@code e}, in order; abandons the iteration of an earlier call. */
  public synchronized Iterator<ClassifyBatch> epoch(int e) {
    checkState(!closed, "the loader is closed");
    if (current != null) {
      current.cancel();
    }
    current = new EpochRun(e, order(e));
    return current;
  }

  /** Loads dataset image {@code index} as RGB. */
  private Rgb load(int index) {
    AtomicReferenceArray<Rgb> c = cache;
    if (c != null) {
      Rgb img = c.get(index);
      if (img != null) {
        return img;
      }
    }
    Rgb img = decodeRgb(split.sample(index).file());
    if (c != null) {
      c.set(index, img);
    }
    return img;
  }

  /** cv2.imread (BGR, via the project's decoder) then cvtColor BGR to RGB. */
  static Rgb decodeRgb(Path file) {
    try (Mat bgr = Images.read(file)) {
      int h = bgr.rows();
      int w = bgr.cols();
      byte[] px = new byte[h * w * 3];
      Mat cont = bgr.isContinuous() ? bgr : bgr.clone();
      try (BytePointer data = cont.data()) {
        data.get(px);
      } finally {
        if (cont != bgr) {
          cont.close();
        }
      }
      for (int i = 0; i < px.length; i += 3) {
        byte b = px[i];
        px[i] = px[i + 2];
        px[i + 2] = b;
      }
      return new Rgb(px, h, w);
    }
  }

  /** Decodes and transforms one image into {@code out} at {@code offset}. */
  private void render(int epoch, int index, float[] out, int offset) {
    Rgb img = load(index);
    float[] x = augment
        ? ClassifyTransforms.train(img.px(), img.h(), img.w(), imgsz, aug, sampleRandom(seed, epoch, index))
        : ClassifyTransforms.eval(img.px(), img.h(), img.w(), imgsz);
    System.arraycopy(x, 0, out, offset, x.length);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.cancel();
    }
    pool.shutdownNow();
  }

  /** One batch being prepared: its dataset indices, its pixels and the tasks filling them. */
  private record Pending(int[] indices, float[] pixels, List<Future<?>> tasks) {}

  /** The iteration of one epoch. */
  private final class EpochRun implements Iterator<ClassifyBatch> {
    private final int epoch;
    private final int[] order;
    private final int batches;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private int submitted;
    private int delivered;
    private volatile boolean cancelled;

    EpochRun(int epoch, int[] order) {
      this.epoch = epoch;
      this.order = order;
      this.batches = (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public boolean hasNext() {
      return !cancelled && delivered < batches;
    }

    @Override
    public ClassifyBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException(cancelled ? "this epoch's iteration was abandoned (a new epoch started or"
            + " the loader closed)" : "epoch " + epoch + " has " + batches + " batches, all delivered");
      }
      while (submitted < batches && submitted <= delivered + PREFETCH) {
        submit(submitted++);
      }
      Pending p = pending.poll();
      try {
        for (Future<?> f : p.tasks()) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new IllegalStateException("interrupted while loading classification batch " + delivered, e);
      } catch (ExecutionException e) {
        cancel();
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("loading classification batch " + delivered + " failed: " + e.getCause(),
            e.getCause());
      } catch (CancellationException e) {
        throw new NoSuchElementException("this epoch's iteration was abandoned");
      }
      delivered++;
      int[] labels = new int[p.indices().length];
      List<Path> files = new ArrayList<>(labels.length);
      for (int i = 0; i < labels.length; i++) {
        ClassifySample s = split.sample(p.indices()[i]);
        labels[i] = s.classIndex();
        files.add(s.file());
      }
      return new ClassifyBatch(p.pixels(), labels, files, imgsz);
    }

    private void submit(int b) {
      int start = b * batchSize;
      int end = Math.min(order.length, start + batchSize);
      int[] idx = new int[end - start];
      System.arraycopy(order, start, idx, 0, idx.length);
      int per = 3 * imgsz * imgsz;
      float[] pixels = new float[idx.length * per];
      List<Future<?>> tasks = new ArrayList<>(idx.length);
      for (int i = 0; i < idx.length; i++) {
        int index = idx[i];
        int offset = i * per;
        tasks.add(pool.submit(() -> {
          if (!cancelled) {
            render(epoch, index, pixels, offset);
          }
        }));
      }
      pending.add(new Pending(idx, pixels, tasks));
    }

    void cancel() {
      cancelled = true;
      for (Pending p : pending) {
        for (Future<?> f : p.tasks()) {
          f.cancel(false);
        }
      }
      pending.clear();
    }
  }
}
