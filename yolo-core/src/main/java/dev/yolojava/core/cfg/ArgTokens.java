package dev.yolojava.core.cfg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code yolo}-CLI style arguments into overrides, as Ultralytics' entry point does: {@code key=value} tokens
 * (values through {@link SmartValue}), {@code key = value} and {@code imgsz=[480, 640]} split over several tokens,
 * bare task and mode words, bare boolean keys meaning {@code True}, and {@code cfg=file.yaml} loading a file.
 */
final class ArgTokens {
  private static final Logger LOG = LoggerFactory.getLogger(ArgTokens.class);

  private ArgTokens() {}

  /** Splits a command line on whitespace, keeping quoted parts ({@code name='my run'}) whole and quoted. */
  static List<String> split(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote == 0 && Character.isWhitespace(c)) {
        if (current.length() > 0) {
          tokens.add(current.toString());
          current.setLength(0);
        }
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      current.append(c);
    }
    if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  /** The overrides the tokens ask for, in order; keys are not yet checked against the catalog. */
  static Map<String, Object> parse(List<String> args) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (String a : mergeEquals(args)) {
      if (a.startsWith("--")) {
        LOG.warn("argument '{}' does not require leading dashes '--', updating to '{}'.", a, a.substring(2));
        a = a.substring(2);
      }
      if (a.endsWith(",")) {
        String trimmed = a.substring(0, a.length() - 1);
        LOG.warn("argument '{}' does not require trailing comma ',', updating to '{}'.", a, trimmed);
        a = trimmed;
      }
      int eq = a.indexOf('=');
      if (eq >= 0) {
        String key = a.substring(0, eq).strip();
        String text = a.substring(eq + 1).strip();
        if (text.isEmpty()) {
          throw new IllegalArgumentException("missing '" + key + "' value");
        }
        Object value = SmartValue.parse(text);
        if (key.equals("cfg") && value != null) {
          // Like Ultralytics, a cfg file replaces the overrides read so far; later tokens still apply on top.
          overrides = new LinkedHashMap<>(ArgsYaml.read(Path.of(PyText.str(value))));
          overrides.remove("cfg");
        } else {
          overrides.put(key, value);
        }
      } else if (ArgCatalog.TASKS.contains(a)) {
        overrides.put("task", a);
      } else if (ArgCatalog.MODES.contains(a)) {
        overrides.put("mode", a);
      } else if (ArgCatalog.spec(a).map(s -> s.defaultValue() instanceof Boolean).orElse(false)) {
        overrides.put(a, true);
      } else if (a.equals("half") || a.equals("int8")) {
        overrides.put(a, true);
      } else if (ArgCatalog.spec(a).isPresent()) {
        throw new IllegalArgumentException(
            String.format(
                "'%s' is a valid YOLO argument but is missing an '=' sign to set its value, i.e. try '%s=%s'",
                a, a, PyText.str(ArgCatalog.specs().get(a).defaultValue())));
      } else {
        ArgAlignment.requireKnown(List.of(a));
      }
    }
    return overrides;
  }

  /**
   * Joins {@code key = value}, {@code key= value} and {@code key =value} into one token, and tokens inside an open
   * bracket ({@code imgsz=[480,} {@code 640]}) into one.
   */
  static List<String> mergeEquals(List<String> args) {
    List<String> merged = new ArrayList<>();
    StringBuilder open = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean hasNext = i < args.size() - 1;
      if (a.equals("=") && i > 0 && hasNext && !merged.isEmpty()) {
        merged.set(merged.size() - 1, merged.get(merged.size() - 1) + "=" + args.get(++i));
        continue;
      } else if (a.endsWith("=") && hasNext && !args.get(i + 1).contains("=")) {
        merged.add(a + args.get(++i));
        continue;
      } else if (a.startsWith("=") && i > 0 && !merged.isEmpty()) {
        merged.set(merged.size() - 1, merged.get(merged.size() - 1) + a);
        continue;
      }
      depth += count(a, '[') - count(a, ']');
      open.append(a);
      if (depth == 0) {
        merged.add(open.toString());
        open.setLength(0);
      }
    }
    if (open.length() > 0) {
      merged.add(open.toString());
    }
    return merged;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }
}
