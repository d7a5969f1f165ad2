package dev.yolojava.core.parallel;

/** A collective or rendezvous that did not complete: a peer died, hung or could not be reached within the timeout. */
public final class DistTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message naming the rank, the operation and the timeout. */
  public DistTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
