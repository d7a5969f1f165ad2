package dev.yolojava.core.engine;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The accelerator (or libtorch's allocator) ran out of memory during train, val or predict. The message names the
 * batch and image size used and suggests a smaller {@code batch} (or {@code batch=-1}, which picks one that fits).
 */
public final class YoloOutOfMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int batch;
  private final int imgsz;

  public YoloOutOfMemoryException(String stage, int batch, int imgsz, Throwable cause) {
    super(String.format(Locale.ROOT,
        "%s ran out of memory with batch=%d, imgsz=%d: try a smaller batch (e.g. batch=%d), batch=-1 to pick one"
            + " that fits, or a smaller imgsz (%s)",
        stage, batch, imgsz, Math.max(1, batch / 2), firstLine(cause)),
        cause);
    this.batch = batch;
    this.imgsz = imgsz;
  }

  /** The batch size that did not fit. */
  public int batch() {
    return batch;
  }

  /** The image size that did not fit. */
  public int imgsz() {
    return imgsz;
  }

  /** Whether {@code t} (or a cause of it) is libtorch's or the JVM's out-of-memory error. */
  public static boolean isOutOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError || c instanceof YoloOutOfMemoryException) {
        return true;
      }
      String m = c.getMessage();
      if (m != null && (m.contains("CUDA out of memory") || m.contains("OutOfMemoryError")
          || m.contains("DefaultCPUAllocator: can't allocate memory"))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code body}, turning an out-of-memory failure into this exception; other failures pass unchanged. */
  public static <T> T guard(String stage, int batch, int imgsz, Supplier<T> body) {
    try {
      return body.get();
    } catch (YoloOutOfMemoryException e) {
      throw e;
    } catch (RuntimeException | OutOfMemoryError e) {
      if (isOutOfMemory(e)) {
        throw new YoloOutOfMemoryException(stage, batch, imgsz, e);
      }
      throw e;
    }
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
