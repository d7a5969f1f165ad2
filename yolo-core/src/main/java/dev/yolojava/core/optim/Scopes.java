package dev.yolojava.core.optim;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Moves a result made inside a method's own {@link PointerScope} out to the caller's. */
final class Scopes {
  private Scopes() {}

  /**
   * For a pointer {@code retainReference()}d inside a closed internal scope: attaches it to the caller's innermost
   * scope (which then frees it) or, without one, leaves it to the garbage collector.
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
