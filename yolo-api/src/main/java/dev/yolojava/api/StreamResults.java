package dev.yolojava.api;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.engine.PredictPipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Results of many video sources predicted at once ({@link Yolo#stream}): each source is decoded on a thread of its
 * own; the frames waiting from all sources are batched together, in turn, into the model's batches (decode,
 * letterbox, inference and NMS overlap as in image predict); results come back with their {@link VideoFrame}, each
 * source's in order. A source that fails (a corrupt file, a dropped connection) ends with a warning and its error
 * in {@link #stats()} while the others go on; when every source failed before giving a frame, the first error is
 * thrown. {@link #close()} stops the readers and the pipeline at any time.
 *
 * <p>Read from one thread; {@link #stats()} and {@link #close()} may be called from any (a close from another thread
 * ends the reader's {@code hasNext()} with false).
 */
public final class StreamResults implements Iterator<Detections>, AutoCloseable {
  private final Object lock = new Object();
  private final List<FrameFeed> feeds = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<FrameFeed.Queued> inFlight = new ConcurrentLinkedQueue<>();
  private final PredictPipeline.Results results;
  private final Function<PredictPipeline.Result, Detections> convert;
  private final Latencies[] latencies;
  private final long[] firstDecode;
  private final long[] lastResult;
  private final long[] predicted;
  private volatile boolean closed;
  // the pipeline's results are read, and closed, under this; a close() from another thread waits for the reader to
  // notice (the merged inputs look at closed every 100 ms)
  private final Object reading = new Object();

  /**
   * @param opener opens source i's reader (on the source's thread)
   * @param run starts the pipeline over the merged frames
   */
  StreamResults(List<String> sources, java.util.function.IntFunction<FrameReader> opener, PredictConfig cfg,
      Function<Iterator<PredictPipeline.Input>, PredictPipeline.Results> run,
      Function<PredictPipeline.Result, Detections> convert) {
    checkArgument(!sources.isEmpty(), "no sources to stream: expected at least one video, camera or stream");
    int n = sources.size();
    // enough waiting frames per source to fill a batch from all sources, and a couple more to decode ahead
    int capacity = Math.max(2, (cfg.batch() + n - 1) / n + 1);
    for (int i = 0; i < n; i++) {
      int index = i;
      Supplier<FrameReader> open = () -> opener.apply(index);
      feeds.add(new FrameFeed(i, sources.get(i), open, lock, capacity, cfg.vidStride(), cfg.keepFrames(), cfg.streamBuffer(),
          n == 1));
    }
    this.latencies = new Latencies[n];
    this.firstDecode = new long[n];
    this.lastResult = new long[n];
    this.predicted = new long[n];
    for (int i = 0; i < n; i++) {
      latencies[i] = new Latencies();
    }
    this.convert = convert;
    for (FrameFeed f : feeds) {
      Thread t = new Thread(f, "yolo-stream-" + f.stream);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    PredictPipeline.Results started;
    try {
      started = run.apply(new Merged());
    } catch (RuntimeException | Error e) {
      stopFeeds(); // a file's reader would wait for room in its queue forever
      throw e;
    }
    this.results = started;
  }

  @Override
  public boolean hasNext() {
    synchronized (reading) {
      if (closed) {
        return false;
      }
      boolean more;
      try {
        more = results.hasNext();
      } catch (RuntimeException | Error e) {
        if (closed) {
          return false; // closed from another thread while a batch was being put together
        }
        // a failed batch would leave its frames' metadata behind and shift every later result's: stop here
        close();
        throw e;
      }
      if (!more && !closed) {
        rethrowIfNothingCame();
      }
      return more && !closed;
    }
  }

  @Override
  public Detections next() {
    PredictPipeline.Result r;
    FrameFeed.Queued q;
    synchronized (reading) {
      if (!hasNext()) {
        throw new NoSuchElementException("no more stream results");
      }
      r = results.next();
      q = inFlight.poll(); // the pipeline keeps input order, and every frame decodes (no skips)
    }
    long now = System.nanoTime();
    int s = q.frame().stream();
    synchronized (lock) {
      latencies[s].add((now - q.decodedNanos()) / 1e6);
      predicted[s]++;
      lastResult[s] = now;
    }
    return convert.apply(r).ofFrame(q.frame(), q.pixels());
  }

  /** The results as a sequential {@link Stream}; closing the stream closes this. */
  public Stream<Detections> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  /** Each source's figures so far (final once the results are exhausted or this is closed). */
  public List<StreamStats> stats() {
    List<StreamStats> out = new ArrayList<>();
    synchronized (lock) {
      for (FrameFeed f : feeds) {
        int i = f.stream;
        double secs = predicted[i] == 0 ? 0 : (lastResult[i] - firstDecode[i]) / 1e9;
        RuntimeException e = f.error();
        out.add(new StreamStats(i, f.source, f.decoded(), predicted[i], f.dropped(),
            secs > 0 ? predicted[i] / secs : 0, latencies[i].mean(), latencies[i].percentile(50),
            latencies[i].percentile(99), e == null ? null : e.getMessage()));
      }
    }
    return out;
  }

  /** Stops every reader and the pipeline; frames not yet predicted are dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopFeeds();
    synchronized (reading) {
      results.close();
    }
    for (FrameFeed.Queued q; (q = inFlight.poll()) != null; ) {
      // handed to the pipeline: it owns (and released) their Mats; only the bookkeeping goes
    }
    long deadline = System.nanoTime() + 2_000_000_000L; // a reader blocked on the network ends with its timeout
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  private void stopFeeds() {
    synchronized (lock) {
      for (FrameFeed f : feeds) {
        f.stop();
      }
    }
    for (Thread t : threads) {
      t.interrupt();
    }
  }

  private void rethrowIfNothingCame() {
    synchronized (lock) {
      long total = Arrays.stream(predicted).sum();
      if (total > 0) {
        return;
      }
      for (FrameFeed f : feeds) {
        if (f.error() != null) {
          RuntimeException e = f.error();
          throw feeds.size() == 1 ? e : new IllegalStateException("no source gave a frame; the first error: "
              + e.getMessage(), e);
        }
      }
    }
  }

  /**
   * The frames of all sources as one input sequence for the pipeline: in turn from the sources that have one
   * waiting, blocking only when none has; it ends when every source ended and was drained.
   */
  private final class Merged implements Iterator<PredictPipeline.Input>, PredictPipeline.Arrivals {
    private int turn;

    @Override
    public boolean hasNext() {
      synchronized (lock) {
        while (true) {
          if (closed) {
            return false;
          }
          boolean allDone = true;
          for (FrameFeed f : feeds) {
            if (f.hasQueued()) {
              return true;
            }
            allDone &= f.done();
          }
          if (allDone) {
            return false;
          }
          try {
            lock.wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      }
    }

    @Override
    public PredictPipeline.Input next() {
      FrameFeed.Queued q;
      synchronized (lock) {
        // one locked section from the check to the take: a close() in between would empty the queues
        while (true) {
          if (closed) {
            throw new NoSuchElementException("the stream results were closed");
          }
          FrameFeed f = null;
          for (int k = 0; k < feeds.size() && f == null; k++) {
            FrameFeed c = feeds.get(turn);
            turn = (turn + 1) % feeds.size();
            f = c.hasQueued() ? c : null;
          }
          if (f != null) {
            q = f.poll();
            int s = f.stream;
            if (firstDecode[s] == 0) {
              firstDecode[s] = q.decodedNanos();
            }
            break;
          }
          if (feeds.stream().allMatch(FrameFeed::done)) {
            throw new NoSuchElementException("all sources ended");
          }
          try {
            lock.wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoSuchElementException("interrupted while waiting for a frame");
          }
        }
      }
      inFlight.add(q);
      org.bytedeco.opencv.opencv_core.Mat bgr = q.bgr();
      return new PredictPipeline.Input(q.frame().source(), () -> bgr);
    }

    /** A frame is waiting, or only files remain (they are read as fast as the model takes them). */
    @Override
    public boolean ready() {
      synchronized (lock) {
        boolean liveLeft = false;
        for (FrameFeed f : feeds) {
          if (f.hasQueued()) {
            return true;
          }
          liveLeft |= f.live() && !f.ended();
        }
        return !liveLeft;
      }
    }
  }

  /** Latencies in milliseconds: the mean over all, percentiles over the most recent {@value #WINDOW}. */
  private static final class Latencies {
    private static final int WINDOW = 8192;
    private final double[] recent = new double[WINDOW];
    private long n;
    private double sum;

    void add(double ms) {
      recent[(int) (n % WINDOW)] = ms;
      n++;
      sum += ms;
    }

    double mean() {
      return n == 0 ? 0 : sum / n;
    }

    double percentile(double p) {
      int k = (int) Math.min(n, WINDOW);
      if (k == 0) {
        return 0;
      }
      double[] s = Arrays.copyOf(recent, k);
      Arrays.sort(s);
      return s[Math.max(0, (int) Math.ceil(p / 100 * k) - 1)];
    }
  }
}
