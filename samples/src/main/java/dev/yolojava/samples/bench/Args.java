package dev.yolojava.samples.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments, Ultralytics style. */
final class Args {
  private final Map<String, String> map = new HashMap<>();

  Args(String[] args) {
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("argument '" + a + "' is not key=value");
      }
      map.put(a.substring(0, eq), a.substring(eq + 1));
    }
  }

  String str(String k, String dflt) {
    return map.getOrDefault(k, dflt);
  }

  int integer(String k, int dflt) {
    return map.containsKey(k) ? Integer.parseInt(map.get(k)) : dflt;
  }

  double dbl(String k, double dflt) {
    return map.containsKey(k) ? Double.parseDouble(map.get(k)) : dflt;
  }
}
