package dev.yolojava.core.io;

/**
 * A pickle referenced a Python global outside the reader's whitelist (for example {@code os.system}); the file is
 * refused before anything of it is used.
 */
public final class ForbiddenGlobalException extends MalformedFileException {
  private static final long serialVersionUID = 1L;
  private final String global;

  public ForbiddenGlobalException(String global, String source, String allowed) {
    super("forbidden global '" + global + "' in " + source + ": only " + allowed + " are allowed");
    this.global = global;
  }

  /** The refused global as {@code module.name}. */
  public String global() {
    return global;
  }
}
