package dev.yolojava.runtime;

/**
 * Turns off JavaCPP's native-memory accounting unless the application chose its own limits. With the default limits
 * (derived from {@code -Xmx}), every new native pointer, one or more per tensor op, takes a process-wide lock and
 * reads the process's resident size; with decode and render threads allocating pointers beside the training thread,
 * each op on a 2-core machine cost 8-11 µs instead of 1.5-3.6 µs. The library frees its native memory
 * deterministically ({@code PointerScope}, {@code close()}), so the accounting buys nothing here; pointers that still
 * reach the garbage collector are freed by it as before. Set {@code org.bytedeco.javacpp.maxBytes} (or
 * {@code maxPhysicalBytes}) to keep JavaCPP's limits.
 *
 * <p>JavaCPP reads these properties once, when its {@code Pointer} class initialises, so entry points call
 * {@link #apply()} before they touch any native type; if the application used JavaCPP earlier, its settings stay.
 */
public final class JavaCppDefaults {
  private static final String PREFIX = "org.bytedeco.javacpp.";

  static {
    setUnlessChosen("maxBytes");
    setUnlessChosen("maxPhysicalBytes");
  }

  private JavaCppDefaults() {}

  /** Applies the defaults (once per process; later calls do nothing). */
  public static void apply() {}

  private static void setUnlessChosen(String name) {
    // JavaCPP accepts the all-lower-case spelling too
    if (System.getProperty(PREFIX + name) == null && System.getProperty(PREFIX + name.toLowerCase()) == null) {
      System.setProperty(PREFIX + name, "0");
    }
  }
}
