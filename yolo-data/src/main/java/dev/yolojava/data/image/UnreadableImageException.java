package dev.yolojava.data.image;

/**
 * An image file or buffer that cannot be read or decoded (missing, empty, corrupt, not an image, too large). Predict
 * skips such an image of a folder, glob or list with a warning, as Ultralytics' loader does ("Image Read Error"),
 * where any other error stops the run.
 */
public final class UnreadableImageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnreadableImageException(String message) {
    super(message);
  }

  public UnreadableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
