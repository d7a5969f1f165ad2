package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.cuda.CUDAEvent;
import org.bytedeco.pytorch.cuda.CUDAGuard;
import org.bytedeco.pytorch.cuda.CUDAStream;
import org.bytedeco.pytorch.cuda.CUDAStreamGuard;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * Takes batches from a loader iteration and moves them to {@code device} ({@link Batch#to}, which also renders a
 * planned batch) on threads of its own, up to {@code depth} batches ahead, so the consumer's thread only launches
 * its own work. On CUDA each thread works on a stream of its own, so copies and rendering overlap the consumer's
 * kernels (and each other's launches) instead of queueing between them; {@link #next} makes the consumer's current
 * stream wait for the batch and marks its tensors as used there. Batches come out in loader order whatever thread
 * moved them; a loader failure is rethrown by {@link #next} in its place. Close it to stop early: batches not yet
 * taken are freed. The returned batches belong to the caller.
 *
 * <p>{@code -Dyolo.loader.profile=true} waits for each batch's device work on the moving thread, so {@link #stats}
 * splits its time into waiting for the loader, launching and the device's remaining work, and adds the device time
 * from the first copy to the last kernel (CUDA events).
 */
public final class DevicePrefetcher implements Iterator<Batch>, AutoCloseable {
  /**
   * Moving threads on CUDA ({@code -Dyolo.loader.renderThreads}, default 1): rendering is launch-bound, so more
   * threads deliver more batches (H100, cache=ram: 4,472 img/s with 1, 5,792 with 2, 6,515 with 3), but a training
   * step needs ~1,200 img/s and trains faster with one (its own launches compete with theirs for the CPU).
   */
  public static final int CUDA_THREADS = Integer.getInteger("yolo.loader.renderThreads", 1);
  private static final AtomicInteger IDS = new AtomicInteger();
  /**
   * The side stream of moving thread {@code i} on a device, the same for every prefetcher: the caching allocator
   * keeps freed blocks per stream, so a fresh pool stream per epoch would strand each epoch's rendering scratch
   * (~2.6 GB a yolov8n epoch at batch 128, seen on the H100) until the allocator runs short.
   */
  private static final Map<String, CUDAStream> SIDE_STREAMS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Object END = new Object();

  private final Iterator<Batch> source;
  private final Device device;
  private final List<Thread> threads = new ArrayList<>();
  private final boolean cuda;
  private final byte deviceIndex;
  private final boolean profile = Boolean.getBoolean("yolo.loader.profile");
  /** Batches taken from the source and not yet handed out: bounds how far ahead the threads run. */
  private final Semaphore room;
  /** Moved batches (or a failure, or END) by their position in the source; guarded by itself. */
  private final Map<Long, Object> ready = new HashMap<>();
  private long taken; // guarded by source
  private boolean sourceEnded; // guarded by source
  private volatile boolean stopped;
  private long nextOut;
  private Object head;
  private long waitedNs; // these five guarded by this
  private long launchedNs;
  private long deviceNs;
  private double gpuMs;
  private int moved;

  /** Time of the moving threads so far: waiting for the loader, in {@link Batch#to}, and (profile) device work. */
  public record Stats(int batches, double waitMs, double launchMs, double deviceMs, double gpuMs) {
    /** The time between {@code earlier} and this. */
    public Stats minus(Stats earlier) {
      return new Stats(batches - earlier.batches, waitMs - earlier.waitMs, launchMs - earlier.launchMs,
          deviceMs - earlier.deviceMs, gpuMs - earlier.gpuMs);
    }
  }

  /** One moving thread on the CPU, {@link #CUDA_THREADS} on CUDA. */
  public DevicePrefetcher(Iterator<Batch> source, dev.yolojava.cuda.Device device, int depth) {
    this(source, device, depth, device.isCuda() ? CUDA_THREADS : 1);
  }

  /** {@code device} is one device ({@code cpu} or {@code cuda:N}), not a list. */
  public DevicePrefetcher(Iterator<Batch> source, dev.yolojava.cuda.Device device, int depth, int threadCount) {
    checkArgument(depth >= 1, "prefetch depth is %s, expected >= 1", depth);
    checkArgument(threadCount >= 1, "prefetch threads is %s, expected >= 1", threadCount);
    checkArgument(device.split().size() == 1, "prefetch device is %s, expected one device", device);
    this.source = source;
    this.device = device.toTorch();
    this.cuda = device.isCuda();
    this.deviceIndex = (byte) (cuda ? device.index() : -1);
    this.room = new Semaphore(depth + threadCount);
    int id = IDS.incrementAndGet();
    for (int i = 0; i < threadCount; i++) {
      int slot = i;
      Thread t = new Thread(() -> produce(slot), "yolo-device-prefetch-" + id + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void produce(int slot) {
    // this thread's CUDA work (pinned buffers, copies, rendering) belongs to the batches' GPU, not to GPU 0
    try (AutoCloseable guard = cuda ? new CUDAGuard(deviceIndex) : null;
        AutoCloseable side = cuda ? new CUDAStreamGuard(sideStream(deviceIndex, slot).unwrap()) : null) {
      while (takeRoom()) {
        long t0 = System.nanoTime();
        long seq;
        Batch cpu;
        synchronized (source) {
          if (sourceEnded || stopped) {
            room.release();
            return;
          }
          seq = taken++;
          try {
            if (!source.hasNext()) {
              sourceEnded = true;
              publish(seq, END);
              return;
            }
            cpu = source.next();
          } catch (RuntimeException | Error e) {
            sourceEnded = true; // nothing after a failure: the consumer sees it in the batch's place
            publish(seq, e);
            return;
          }
        }
        publish(seq, move(cpu, System.nanoTime() - t0));
      }
    } catch (Throwable e) { // setting up or restoring the device/stream: the consumer must not wait forever
      fail(e instanceof RuntimeException || e instanceof Error ? e
          : new IllegalStateException("switching the CUDA device or stream for prefetching failed: "
              + e.getMessage(), e));
    }
  }

  /** Ends the iteration with {@code e} in the place of the next batch not yet taken from the source. */
  private void fail(Throwable e) {
    synchronized (source) {
      if (sourceEnded) {
        return; // an end or a failure is already in place
      }
      sourceEnded = true;
      publish(taken++, e);
    }
  }

  private static CUDAStream sideStream(byte device, int slot) {
    return SIDE_STREAMS.computeIfAbsent(device + ":" + slot, k -> torch_cuda.getStreamFromPool(false, device));
  }

  /** The moved batch, or the failure moving it. */
  private Object move(Batch cpu, long waited) {
    Batch out = null;
    try (PointerScope scope = new PointerScope(); Batch in = cpu) {
      long t1 = System.nanoTime();
      CUDAEvent begin = cuda && profile ? new CUDAEvent(0) : null; // 0: with timing
      if (begin != null) {
        begin.record(torch_cuda.getCurrentCUDAStream(deviceIndex));
      }
      out = in.to(device, true);
      long t2 = System.nanoTime();
      if (cuda) {
        CUDAStream stream = torch_cuda.getCurrentCUDAStream(deviceIndex);
        if (begin != null) {
          CUDAEvent end = new CUDAEvent(0);
          end.record(stream);
          end.synchronize();
          float ms = begin.elapsed_time(end);
          synchronized (this) {
            gpuMs += ms;
          }
        }
        CUDAEvent done = new CUDAEvent();
        done.retainReference(); // outlives this scope: the batch closes it
        out.readyAfter(done);
        done.record(stream);
      }
      synchronized (this) {
        waitedNs += waited;
        launchedNs += t2 - t1;
        deviceNs += System.nanoTime() - t2;
        moved++;
      }
      return out;
    } catch (RuntimeException | Error e) {
      if (out != null) {
        out.close(); // also its event, if it got one
      }
      synchronized (source) {
        sourceEnded = true;
      }
      return e;
    }
  }

  /** Waits for room ahead of the consumer; false once stopped. */
  private boolean takeRoom() {
    try {
      while (!stopped) {
        if (room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void publish(long seq, Object o) {
    synchronized (ready) {
      if (stopped) {
        if (o instanceof Batch b) {
          b.close();
        }
        return;
      }
      ready.put(seq, o);
      ready.notifyAll();
    }
  }

  @Override
  public boolean hasNext() {
    if (head == null) {
      synchronized (ready) {
        try {
          while (!ready.containsKey(nextOut)) {
            ready.wait(); // close() puts END in place and wakes this
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the next batch", e);
        }
        head = ready.remove(nextOut++);
      }
      room.release();
    }
    if (head instanceof RuntimeException e) {
      head = END;
      throw e;
    }
    if (head instanceof Error e) {
      head = END;
      throw e;
    }
    return head != END;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the loader iteration has ended");
    }
    Batch b = (Batch) head;
    head = null;
    if (cuda) {
      try (CUDAStream consumer = torch_cuda.getCurrentCUDAStream(deviceIndex)) {
        b.awaitOn(consumer);
      }
    }
    return b;
  }

  public Stats stats() {
    synchronized (this) {
      return new Stats(moved, waitedNs / 1e6, launchedNs / 1e6, deviceNs / 1e6, gpuMs);
    }
  }

  /** Stops the threads and frees the batches they moved that were not taken. */
  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) {
      t.interrupt();
    }
    try {
      for (Thread t : threads) {
        t.join(60_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (head instanceof Batch b) {
      b.close();
    }
    head = END;
    synchronized (ready) {
      for (Object o : ready.values()) {
        if (o instanceof Batch b) {
          b.close();
        }
      }
      ready.clear();
      ready.put(nextOut, END);
      ready.notifyAll();
    }
  }
}
