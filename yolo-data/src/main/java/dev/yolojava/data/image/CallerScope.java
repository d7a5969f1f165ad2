package dev.yolojava.data.image;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Hands a result made inside a method's own {@link PointerScope} over to the caller's scope. */
public final class CallerScope {
  private CallerScope() {}

  /**
   * {@code p}, retained so that it outlived the method's scope, now owned by the caller's innermost scope (freed with
   * its other temporaries) or, without one, by the caller directly.
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
