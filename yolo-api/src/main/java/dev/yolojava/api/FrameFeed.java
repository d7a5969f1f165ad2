package dev.yolojava.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source of a {@link StreamResults} run, read on a thread of its own into a small queue: a file's reader waits
 * while the queue is full; a live source's drops the oldest waiting frame (unless {@code stream_buffer}), so results
 * stay current. The queue is guarded by the run's shared lock, which is signalled on every change.
 */
final class FrameFeed implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(FrameFeed.class);

  /** A decoded frame waiting for the model: its Mat (owned until handed over) and where it came from. */
  record Queued(Mat bgr, VideoFrame frame, long decodedNanos, BufferedImage pixels) {}

  final int stream;
  final String source;
  private final Supplier<FrameReader> opener;
  private final Object lock;
  private final int capacity;
  private final int stride;
  private final boolean keepPixels;
  private final boolean bufferLive;
  private final boolean alone; // the only source: its error is the run's, thrown, not warned about
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  // guarded by lock
  private boolean ended;
  private boolean live;
  private boolean stopped;
  private RuntimeException error;
  private long decoded;
  private long dropped;
  private long frames = -1;
  private double fps;
  private volatile FrameReader reader;

  FrameFeed(int stream, String source, Supplier<FrameReader> opener, Object lock, int capacity, int stride,
      boolean keepPixels, boolean bufferLive, boolean alone) {
    this.stream = stream;
    this.source = source;
    this.opener = opener;
    this.lock = lock;
    this.capacity = capacity;
    this.stride = stride;
    this.keepPixels = keepPixels;
    this.bufferLive = bufferLive;
    this.alone = alone;
  }

  @Override
  public void run() {
    FrameReader r = null;
    try {
      r = opener.get();
      reader = r;
      synchronized (lock) {
        live = r.live();
        fps = r.fps();
        frames = r.frameCount() < 0 ? -1 : r.frameCount() / stride;
      }
      while (!isStopped()) {
        FrameReader.Frame f = r.read();
        if (f == null) {
          break;
        }
        // as Ultralytics' loaders: of every vid_stride frames, the last one is predicted on
        if ((f.index() + 1) % stride != 0) {
          f.bgr().close();
          continue;
        }
        offer(f);
      }
    } catch (RuntimeException | Error e) {
      RuntimeException err = e instanceof RuntimeException re ? re
          : new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
      synchronized (lock) {
        error = err;
      }
      if (!isStopped() && !alone) {
        LOG.warn("stream {} ({}): {}; the other sources go on", stream, source, e.getMessage());
      } else if (!isStopped() && decoded() > 0) {
        // the run's results end early; when nothing came at all the error is thrown instead
        LOG.warn("{}: {}; the results end at the frames read before", source, e.getMessage());
      }
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (RuntimeException e) {
          LOG.debug("closing {}", source, e);
        }
      }
      synchronized (lock) {
        ended = true;
        lock.notifyAll();
      }
    }
  }

  private void offer(FrameReader.Frame f) {
    Mat bgr = f.bgr();
    if (bgr.empty()) {
      bgr.close();
      return;
    }
    if (bgr.type() != opencv_core.CV_8UC3) {
      bgr = toBgr(bgr); // a reader of one's own may give grey or BGRA frames
    }
    // frames and fps are written by this thread before the first frame: no lock needed to read them here
    VideoFrame vf = new VideoFrame(stream, source, f.index(), frames, f.timestampMicros(), fps);
    Queued q;
    try {
      q = new Queued(bgr, vf, System.nanoTime(), keepPixels ? pixels(bgr) : null);
    } catch (RuntimeException | Error e) {
      bgr.close();
      throw e;
    }
    synchronized (lock) {
      decoded++;
      while (queue.size() >= capacity && !stopped) {
        if (live && !bufferLive) {
          queue.pollFirst().bgr().close();
          dropped++;
        } else {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
          }
        }
      }
      if (stopped) {
        bgr.close();
        return;
      }
      queue.addLast(q);
      lock.notifyAll();
    }
  }

  /** An 8-bit grey or BGRA frame as BGR (the input closed); anything else is this source's error. */
  private Mat toBgr(Mat in) {
    int type = in.type();
    try (in) {
      if (type != opencv_core.CV_8UC1 && type != opencv_core.CV_8UC4) {
        throw new IllegalArgumentException("a frame of '" + source + "' has OpenCV type " + type
            + ": expected 8-bit BGR (CV_8UC3), grey (CV_8UC1) or BGRA (CV_8UC4)");
      }
      Mat out = new Mat();
      opencv_imgproc.cvtColor(in, out, type == opencv_core.CV_8UC1 ? opencv_imgproc.COLOR_GRAY2BGR
          : opencv_imgproc.COLOR_BGRA2BGR);
      return out;
    }
  }

  /** A copy of a BGR frame as a {@code TYPE_3BYTE_BGR} image (the same byte order, so one copy). */
  private static BufferedImage pixels(Mat bgr) {
    BufferedImage img = new BufferedImage(bgr.cols(), bgr.rows(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    Mat c = bgr.isContinuous() ? bgr : bgr.clone();
    try {
      c.data().get(dst);
    } finally {
      if (c != bgr) {
        c.close();
      }
    }
    return img;
  }

  // the methods below are called with lock held

  Queued poll() {
    Queued q = queue.pollFirst();
    if (q != null) {
      lock.notifyAll(); // room for a waiting file reader
    }
    return q;
  }

  boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** Ended and drained: nothing more will come from this source. */
  boolean done() {
    return ended && queue.isEmpty();
  }

  boolean live() {
    return live;
  }

  boolean ended() {
    return ended;
  }

  RuntimeException error() {
    return error;
  }

  long decoded() {
    return decoded;
  }

  long dropped() {
    return dropped;
  }

  double fps() {
    return fps;
  }

  /** Stops reading: queued frames are released; a reader blocked in a read ends with its next frame. */
  void stop() {
    stopped = true;
    for (Queued q : queue) {
      q.bgr().close();
    }
    queue.clear();
    lock.notifyAll();
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped || Thread.currentThread().isInterrupted();
    }
  }
}
