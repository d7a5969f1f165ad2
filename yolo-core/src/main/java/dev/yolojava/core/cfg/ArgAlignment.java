package dev.yolojava.core.cfg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ultralytics' key checks on user overrides: deprecated keys are forwarded to their successors (with a warning) and
 * unknown keys are rejected with suggestions of similar valid keys.
 */
final class ArgAlignment {
  private static final Logger LOG = LoggerFactory.getLogger(ArgAlignment.class);
  private static final Set<String> REMOVED = Set.of("label_smoothing", "save_hybrid", "crop_fraction");
  private static final Set<String> FALSY_FLAGS = Set.of("none", "false", "0");

  private ArgAlignment() {}

  /**
   * Rewrites deprecated keys in place: {@code int8}/{@code half} become {@code quantize=8}/{@code 16} (int8 wins; an
   * explicit quantize wins over both; a false flag clears it), {@code boxes}, {@code hide_labels}, {@code hide_conf},
   * {@code line_thickness} become their {@code show_*}/{@code line_width} successors, removed keys are dropped.
   */
  static void forwardDeprecated(Map<String, Object> custom) {
    Object int8 = custom.remove("int8");
    Object half = custom.remove("half");
    if ((int8 != null || half != null) && !custom.containsKey("quantize")) {
      custom.put("quantize", flagOn(int8) ? (Object) 8 : flagOn(half) ? (Object) 16 : null);
      warn(int8 != null ? "int8" : "half", "quantize");
    }
    rename(custom, "boxes", "show_boxes", false);
    rename(custom, "hide_labels", "show_labels", true);
    rename(custom, "hide_conf", "show_conf", true);
    rename(custom, "line_thickness", "line_width", false);
    for (String key : REMOVED) {
      if (custom.containsKey(key)) {
        warn(key, null);
        custom.remove(key);
      }
    }
  }

  /** Throws naming every key of {@code custom} that is not a configuration key, with up to 3 similar valid keys. */
  static void requireKnown(Collection<String> custom) {
    Map<String, ArgSpec> specs = ArgCatalog.specs();
    List<String> lines = new ArrayList<>();
    for (String key : custom) {
      if (specs.containsKey(key) || key.equals(ArgCatalog.SAVE_DIR)) {
        continue;
      }
      if (key.equals("augmentations")) {
        lines.add("'augmentations' (custom Albumentations transforms) is not supported on the JVM.");
        continue;
      }
      List<String> similar =
          CloseMatches.of(key, specs.keySet()).stream()
              .map(k -> specs.get(k).defaultValue() == null ? k : k + "=" + PyText.str(specs.get(k).defaultValue()))
              .toList();
      String hint = similar.isEmpty() ? "" : " Similar arguments are i.e. " + PyText.repr(similar) + ".";
      lines.add("'" + key + "' is not a valid YOLO argument." + hint);
    }
    if (!lines.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", lines));
    }
  }

  private static void rename(Map<String, Object> custom, String old, String successor, boolean invert) {
    if (custom.containsKey(old)) {
      warn(old, successor);
      Object v = custom.remove(old);
      custom.put(successor, invert ? !pyTruth(v) : v);
    }
  }

  /** A legacy precision flag is on unless None, False or 0 (a bare CLI flag arrives as True). */
  private static boolean flagOn(Object v) {
    return v != null && !FALSY_FLAGS.contains(PyText.str(v).strip().toLowerCase(Locale.ROOT));
  }

  /** Python's {@code bool(v)}. */
  private static boolean pyTruth(Object v) {
    if (v == null) {
      return false;
    } else if (v instanceof Boolean b) {
      return b;
    } else if (v instanceof Number n) {
      return n.doubleValue() != 0;
    } else if (v instanceof String s) {
      return !s.isEmpty();
    } else if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    return true;
  }

  private static void warn(String arg, String successor) {
    LOG.warn(
        "'{}' is deprecated and will be removed in the future.{}",
        arg,
        successor == null ? "" : " Use '" + successor + "' instead.");
  }
}
