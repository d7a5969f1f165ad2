package dev.yolojava.core.io;

import java.io.IOException;

/**
 * A checkpoint, pickle or NumPy file whose content is invalid, truncated, inconsistent or exceeds a safety limit. The
 * message names the file or entry, the bad value and what was expected.
 */
public class MalformedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedFileException(String message) {
    super(message);
  }

  public MalformedFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
