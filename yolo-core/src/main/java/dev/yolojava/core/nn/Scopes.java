package dev.yolojava.core.nn;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Moves results out of an internal {@link PointerScope} to the caller's scope. */
final class Scopes {
  private Scopes() {}

  /**
   * Call after closing the internal scope on a pointer that was {@code retainReference()}d inside it: attaches it
   * to the caller's innermost scope (which then frees it) or, without one, leaves it to the garbage collector.
   */
  static <P extends Pointer> P handOver(P p) {
    PointerScope outer = PointerScope.getInnerScope();
    if (outer != null) {
      outer.attach(p);
      p.releaseReference();
    }
    return p;
  }
}
