package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;

/**
 * Takes batches from a loader iteration and moves them to {@code device} ({@link Batch#to}, which also renders a
 * planned batch) on a thread of its own, up to {@code depth} batches ahead, so the consumer's thread only launches
 * its own work. Batches come out in order; a loader failure is rethrown by {@link #next}. Close it to stop early:
 * batches not yet taken are freed. The returned batches belong to the caller.
 */
public final class DevicePrefetcher implements Iterator<Batch>, AutoCloseable {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final Object END = new Object();

  private final BlockingQueue<Object> ready;
  private final Thread thread;
  private volatile boolean stopped;
  private Object head;

  public DevicePrefetcher(Iterator<Batch> source, Device device, int depth) {
    checkArgument(depth >= 1, "prefetch depth is %s, expected >= 1", depth);
    this.ready = new ArrayBlockingQueue<>(depth);
    this.thread = new Thread(() -> produce(source, device), "yolo-device-prefetch-" + IDS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  private void produce(Iterator<Batch> source, Device device) {
    Object last = END;
    // this thread's CUDA work (pinned buffers, copies, rendering) belongs to the batches' GPU, not to GPU 0
    try (AutoCloseable guard = device.is_cuda() ? new org.bytedeco.pytorch.cuda.CUDAGuard(device.index()) : null) {
      while (!stopped && source.hasNext()) {
        Batch moved;
        try (PointerScope scope = new PointerScope(); Batch cpu = source.next()) {
          moved = cpu.to(device, true);
        }
        if (!offer(moved)) {
          moved.close();
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      last = e;
    } catch (Exception e) { // closing the guard
      last = new IllegalStateException("restoring the CUDA device after prefetching failed: " + e.getMessage(), e);
    }
    offer(last);
  }

  /** Blocks until there is room; false when stopped meanwhile. */
  private boolean offer(Object o) {
    try {
      while (!stopped) {
        if (ready.offer(o, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public boolean hasNext() {
    if (head == null) {
      try {
        head = ready.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the next batch", e);
      }
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
    return b;
  }

  /** Stops the thread and frees the batches it moved that were not taken. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (head instanceof Batch b) {
      b.close();
    }
    head = END;
    Object o;
    while ((o = ready.poll()) != null) {
      if (o instanceof Batch b) {
        b.close();
      }
    }
  }
}
