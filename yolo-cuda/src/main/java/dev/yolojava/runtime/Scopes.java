package dev.yolojava.runtime;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Moves results out of a method's internal {@link PointerScope} into the caller's. */
public final class Scopes {
  private Scopes() {}

  /**
   * For a pointer {@code retainReference()}d inside a now-closed internal scope: attaches it to the caller's
   * innermost scope (which then frees it) or, without one, leaves it to the garbage collector.
   */
  public static <P extends Pointer> P handOver(P p) {
    PointerScope outer = PointerScope.getInnerScope();
    if (outer != null) {
      outer.attach(p);
      p.releaseReference();
    }
    return p;
  }
}
