package dev.yolojava.core.cfg;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Similar-word suggestions with the same results as Python's {@code difflib.get_close_matches} (at most 3, similarity
 * ratio at least 0.6, best first, ties by the larger word), which Ultralytics uses to suggest keys for unknown ones.
 */
public final class CloseMatches {
  private CloseMatches() {}

  /** The up to 3 candidates most similar to {@code word}, each with a ratio of at least 0.6. */
  public static List<String> of(String word, Collection<String> candidates) {
    record Scored(double ratio, String word) {}
    List<Scored> scored = new ArrayList<>();
    for (String c : candidates) {
      double r = ratio(c, word);
      if (r >= 0.6) {
        scored.add(new Scored(r, c));
      }
    }
    scored.sort(
        Comparator.comparingDouble(Scored::ratio).thenComparing(Scored::word, Comparator.naturalOrder()).reversed());
    return scored.stream().limit(3).map(Scored::word).toList();
  }

  /**
   * difflib's {@code SequenceMatcher(None, a, b).ratio()}: 2M/T, where M counts the characters of the matching blocks
   * found by taking the longest common block (earliest in {@code a}, then in {@code b}) and recursing on both sides.
   * Short words have no automatic junk, so none is modelled.
   */
  static double ratio(String a, String b) {
    int total = a.length() + b.length();
    return total == 0 ? 1.0 : 2.0 * matched(a, 0, a.length(), b, 0, b.length(), positions(b)) / total;
  }

  private static Map<Character, List<Integer>> positions(String b) {
    Map<Character, List<Integer>> at = new HashMap<>();
    for (int j = 0; j < b.length(); j++) {
      at.computeIfAbsent(b.charAt(j), c -> new ArrayList<>()).add(j);
    }
    return at;
  }

  private static int matched(
      String a, int alo, int ahi, String b, int blo, int bhi, Map<Character, List<Integer>> bIndex) {
    int besti = alo;
    int bestj = blo;
    int best = 0;
    Map<Integer, Integer> runEndingAt = new HashMap<>(); // j -> length of the common run ending at (i-1, j)
    for (int i = alo; i < ahi; i++) {
      Map<Integer, Integer> next = new HashMap<>();
      for (int j : bIndex.getOrDefault(a.charAt(i), List.of())) {
        if (j < blo) {
          continue;
        }
        if (j >= bhi) {
          break;
        }
        int k = runEndingAt.getOrDefault(j - 1, 0) + 1;
        next.put(j, k);
        if (k > best) {
          besti = i - k + 1;
          bestj = j - k + 1;
          best = k;
        }
      }
      runEndingAt = next;
    }
    if (best == 0) {
      return 0;
    }
    int left = alo < besti && blo < bestj ? matched(a, alo, besti, b, blo, bestj, bIndex) : 0;
    int right =
        besti + best < ahi && bestj + best < bhi ? matched(a, besti + best, ahi, b, bestj + best, bhi, bIndex) : 0;
    return best + left + right;
  }
}
