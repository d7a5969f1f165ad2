package dev.yolojava.cli;

/** A bad command line: the CLI prints the message on one line of stderr and exits with code 2. */
public final class UsageException extends RuntimeException {
  /** An error whose message names the bad value and what was expected. */
  public UsageException(String message) {
    super(message);
  }
}
