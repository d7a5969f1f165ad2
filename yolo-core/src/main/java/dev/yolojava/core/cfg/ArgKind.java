package dev.yolojava.core.cfg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The value type of one configuration key: how a given value is checked and normalised. The rules and messages of
 * {@code int}, {@code float}, {@code fraction} and {@code bool} keys, {@code scale} and {@code quantize} are those of
 * Ultralytics' {@code check_cfg}; the other kinds type keys Ultralytics only checks where it uses them, in the same
 * message style. Numbers of float kinds are normalised to {@code Double}, so {@code box=7} equals {@code box=7.0}.
 */
public enum ArgKind {
  /** Text; numbers become their text (Ultralytics does this for {@code project} and {@code name}). */
  STR("str") {
    @Override
    Object check(String k, Object v) {
      require(!(v instanceof List || v instanceof Map), k, v, "'%s' must be a str (i.e. '%s=text')", k, k);
      return PyText.str(v);
    }
  },
  INT("int") {
    @Override
    Object check(String k, Object v) {
      require(isInt(v), k, v, "'%s' must be an int (i.e. '%s=8')", k, k);
      return ((Number) v).intValue();
    }
  },
  FLOAT("float") {
    @Override
    Object check(String k, Object v) {
      return number(k, v);
    }
  },
  FRACTION("float in [0, 1]") {
    @Override
    Object check(String k, Object v) {
      return fraction(k, v);
    }
  },
  BOOL("bool") {
    @Override
    Object check(String k, Object v) {
      require(v instanceof Boolean, k, v, "'%s' must be a bool (i.e. '%s=True' or '%s=False')", k, k, k);
      return v;
    }
  },
  /** {@code batch}: an int, or below 1 for AutoBatch ({@code -1}, or a fraction of GPU memory). */
  BATCH("int or float") {
    @Override
    Object check(String k, Object v) {
      double d = number(k, v);
      if (d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) {
        return (int) d;
      }
      if (d > 0 && d < 1) {
        return d;
      }
      throw new IllegalArgumentException(
          String.format(
              "'%s=%s' is an invalid value. Valid '%s' values are an int (16), -1 for AutoBatch, "
                  + "or a fraction in (0.0, 1.0) of GPU memory for AutoBatch.",
              k, PyText.str(v), k));
    }
  },
  /** {@code imgsz}: one int (square) or {@code [h, w]}; a one-element list is kept as given. */
  IMGSZ("int or [h, w]") {
    @Override
    Object check(String k, Object v) {
      boolean ok =
          isInt(v)
              || (v instanceof List<?> l
                  && (l.size() == 1 || l.size() == 2)
                  && l.stream().allMatch(ArgKind::isInt));
      require(ok, k, v, "'%s' must be an int or a list of 1 or 2 ints (i.e. '%s=640' or '%s=[480, 640]')", k, k, k);
      Object size = v instanceof List<?> l ? ints(l) : (Object) ((Number) v).intValue();
      List<Integer> all = size instanceof List<?> l ? ints(l) : List.of((Integer) size);
      if (all.stream().anyMatch(s -> s <= 0)) {
        throw new IllegalArgumentException(
            String.format("'%s=%s' is an invalid value. Valid '%s' sizes are > 0.", k, PyText.str(v), k));
      }
      return size;
    }
  },
  /** {@code device}: kept as text ({@code 0}, {@code 0,1}, {@code cpu}); a list becomes {@code 0,1}. */
  DEVICE("str") {
    @Override
    Object check(String k, Object v) {
      if (v instanceof List<?> l) {
        boolean scalars = l.stream().allMatch(e -> e != null && !(e instanceof List));
        require(scalars, k, v, "'%s' must be a str (i.e. '%s=0,1')", k, k);
        return l.stream().map(PyText::str).collect(Collectors.joining(","));
      }
      require(!(v instanceof Map), k, v, "'%s' must be a str (i.e. '%s=0,1')", k, k);
      return PyText.str(v);
    }
  },
  /** Class ids or layer indices: one int or a list of ints, always kept as a list. */
  INT_LIST("int or list[int]") {
    @Override
    Object check(String k, Object v) {
      boolean ok = isInt(v) || (v instanceof List<?> l && l.stream().allMatch(ArgKind::isInt));
      require(ok, k, v, "'%s' must be an int or a list of ints (i.e. '%s=[0, 2]')", k, k);
      return v instanceof List<?> l ? ints(l) : List.of(((Number) v).intValue());
    }
  },
  /** {@code freeze}: an int (first N layers) and a list (these layers) mean different things, so kept as given. */
  INT_OR_LIST("int or list[int]") {
    @Override
    Object check(String k, Object v) {
      boolean ok = isInt(v) || (v instanceof List<?> l && l.stream().allMatch(ArgKind::isInt));
      require(ok, k, v, "'%s' must be an int or a list of ints (i.e. '%s=10')", k, k);
      return v instanceof List<?> l ? ints(l) : (Object) ((Number) v).intValue();
    }
  },
  /** {@code cache}: {@code True} (= {@code 'ram'}), {@code False}, {@code 'ram'} or {@code 'disk'}. */
  CACHE("bool or str") {
    @Override
    Object check(String k, Object v) {
      if (v instanceof String s && (s.equalsIgnoreCase("ram") || s.equalsIgnoreCase("disk"))) {
        return s.toLowerCase(Locale.ROOT);
      }
      if (v instanceof Boolean) {
        return v;
      }
      throw new IllegalArgumentException(
          String.format(
              "'%s=%s' is an invalid value. Valid '%s' values are True, False, 'ram' or 'disk'.",
              k, PyText.str(v), k));
    }
  },
  /** A flag that may instead name something: {@code pretrained}, {@code resume} (a path), {@code compile} (a mode). */
  BOOL_OR_STR("bool or str") {
    @Override
    Object check(String k, Object v) {
      require(v instanceof Boolean || v instanceof String, k, v, "'%s' must be a bool or a str (i.e. '%s=True')", k, k);
      return v;
    }
  },
  /** {@code scale}: a gain in [0, 1] or an explicit {@code [min, max]}. */
  SCALE("float or [min, max]") {
    @Override
    Object check(String k, Object v) {
      if (v instanceof List<?> l) {
        require(
            l.size() == 2 && l.stream().allMatch(ArgKind::isNumber),
            k,
            v,
            "Valid '%s' types are int, float, or a tuple/list of two floats (i.e. '%s=(0.5, 2.0)')",
            k,
            k);
        return l.stream().map(e -> ((Number) e).doubleValue()).toList();
      }
      return fraction(k, v);
    }
  },
  /** {@code quantize}: precision scheme, canonicalised to 8, 16, 32, {@code 'w8a16'} or {@code 'w8a32'}. */
  QUANTIZE("int or str") {
    @Override
    Object check(String k, Object v) {
      Object scheme = QUANTIZE_ALIASES.get(PyText.str(v).toLowerCase(Locale.ROOT));
      if (scheme == null || v instanceof Boolean || v instanceof Double || v instanceof List) {
        throw new IllegalArgumentException(
            String.format(
                "'%s=%s' is invalid. Valid '%s' values are 8, 16, 32, 'int8', 'fp16', 'fp32', 'w8a8', 'w16a16', "
                    + "'w8a16', or 'w8a32'. See https://docs.ultralytics.com/modes/export/#quantization-options",
                k, PyText.str(v), k));
      }
      return scheme;
    }
  },
  /** {@code task}: one of {@link ArgCatalog#TASKS}. */
  TASK("str") {
    @Override
    Object check(String k, Object v) {
      return choice("task", "tasks", ArgCatalog.TASKS, v);
    }
  },
  /** {@code mode}: one of {@link ArgCatalog#MODES}. */
  MODE("str") {
    @Override
    Object check(String k, Object v) {
      return choice("mode", "modes", ArgCatalog.MODES, v);
    }
  };

  private static final Map<String, Object> QUANTIZE_ALIASES =
      Map.ofEntries(
          Map.entry("8", 8),
          Map.entry("16", 16),
          Map.entry("32", 32),
          Map.entry("int8", 8),
          Map.entry("fp16", 16),
          Map.entry("fp32", 32),
          Map.entry("w8a8", 8),
          Map.entry("w16a16", 16),
          Map.entry("w32a32", 32),
          Map.entry("w8a16", "w8a16"),
          Map.entry("w8a32", "w8a32"));

  private final String typeName;

  ArgKind(String typeName) {
    this.typeName = typeName;
  }

  /** The type as the configuration reference shows it, e.g. {@code float in [0, 1]}. */
  public String typeName() {
    return typeName;
  }

  /** Checks a non-null value of key {@code k} and returns it normalised; throws naming key, value and type. */
  abstract Object check(String k, Object v);

  /** Python's {@code type(v).__name__} for the values a YAML file or a CLI token can carry. */
  static String pyType(Object v) {
    if (v instanceof Boolean) {
      return "bool";
    } else if (isInt(v)) {
      return "int";
    } else if (v instanceof Number) {
      return "float";
    } else if (v instanceof String) {
      return "str";
    } else if (v instanceof List) {
      return "list";
    } else if (v instanceof Map) {
      return "dict";
    }
    return v == null ? "NoneType" : v.getClass().getSimpleName();
  }

  private static boolean isInt(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }

  private static boolean isNumber(Object v) {
    return v instanceof Number;
  }

  private static List<Integer> ints(List<?> l) {
    List<Integer> out = new ArrayList<>(l.size());
    l.forEach(e -> out.add(((Number) e).intValue()));
    return List.copyOf(out);
  }

  private static void require(boolean ok, String k, Object v, String expected, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(
          String.format("'%s=%s' is of invalid type %s. ", k, PyText.str(v), pyType(v))
              + String.format(expected, args));
    }
  }

  private static double number(String k, Object v) {
    require(
        isNumber(v), k, v, "Valid '%s' types are int (i.e. '%s=0') or float (i.e. '%s=0.5')", k, k, k);
    return ((Number) v).doubleValue();
  }

  private static double fraction(String k, Object v) {
    double d = number(k, v);
    if (!(d >= 0.0 && d <= 1.0)) {
      throw new IllegalArgumentException(
          String.format(
              "'%s=%s' is an invalid value. Valid '%s' values are between 0.0 and 1.0.", k, PyText.str(v), k));
    }
    return d;
  }

  private static String choice(String k, String plural, List<String> valid, Object v) {
    if (!valid.contains(v)) {
      throw new IllegalArgumentException(
          String.format("Invalid '%s=%s'. Valid %s are %s.", k, PyText.str(v), plural, PyText.repr(valid)));
    }
    return (String) v;
  }
}
