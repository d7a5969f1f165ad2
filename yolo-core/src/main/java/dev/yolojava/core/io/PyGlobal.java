package dev.yolojava.core.io;

/** A whitelisted Python global (class or function) referenced by a pickle; never resolved to code. */
public record PyGlobal(String module, String name) {
  /** {@code module.name}, as Python prints it. */
  public String qualifiedName() {
    return module + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
