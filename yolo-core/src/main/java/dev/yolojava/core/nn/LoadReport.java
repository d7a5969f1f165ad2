package dev.yolojava.core.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * What loading a state dict did.
 *
 * @param loaded model keys copied from the checkpoint
 * @param missing model keys absent from the checkpoint (left as they were)
 * @param unexpected checkpoint keys the model does not have (ignored)
 * @param mismatched {@code key: checkpoint [shape] vs model [shape]} for keys present in both with other shapes
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched) {
  public LoadReport {
    loaded = List.copyOf(loaded);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    mismatched = List.copyOf(mismatched);
  }

  /** True when every model key was loaded and the checkpoint had nothing else. */
  public boolean isComplete() {
    return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
  }

  /** One line naming every missing, unexpected and mis-shaped key, or "none". */
  public String problems() {
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add(missing.size() + " missing " + missing);
    }
    if (!unexpected.isEmpty()) {
      parts.add(unexpected.size() + " unexpected " + unexpected);
    }
    if (!mismatched.isEmpty()) {
      parts.add(mismatched.size() + " mis-shaped " + mismatched);
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  /** Ultralytics-style summary: {@code Transferred 355/355 items}. */
  @Override
  public String toString() {
    return "Transferred " + loaded.size() + "/" + (loaded.size() + missing.size() + mismatched.size()) + " items"
        + (isComplete() ? "" : " (" + problems() + ")");
  }
}
