package dev.yolojava.api;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A classifier's class probabilities for one image, as Ultralytics' {@code Results.probs}: {@link #data()} by class
 * id (summing to 1), the most probable class ({@link #top1()}) and the five most probable ({@link #top5()}), with
 * their confidences. Immutable.
 */
public final class Probs {
  private final float[] data;
  private final List<String> names;
  private final int[] top5;

  Probs(float[] data, List<String> names) {
    if (data.length != names.size()) {
      throw new IllegalArgumentException(data.length + " probabilities for " + names.size() + " class names");
    }
    this.data = data.clone();
    this.names = List.copyOf(names);
    // descending probability; equal ones keep the lower class id first
    this.top5 = IntStream.range(0, data.length).boxed()
        .sorted((a, b) -> data[a] != data[b] ? Float.compare(data[b], data[a]) : Integer.compare(a, b))
        .limit(Math.min(5, data.length)).mapToInt(Integer::intValue).toArray();
  }

  /** The probability of every class, by class id. */
  public float[] data() {
    return data.clone();
  }

  /** The most probable class id. */
  public int top1() {
    return top5[0];
  }

  /** The five most probable class ids (fewer with fewer classes), most probable first. */
  public int[] top5() {
    return top5.clone();
  }

  public float top1conf() {
    return data[top5[0]];
  }

  public float[] top5conf() {
    float[] c = new float[top5.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = data[top5[i]];
    }
    return c;
  }

  /** The name of the most probable class. */
  public String top1Name() {
    return names.get(top5[0]);
  }

  /** Class names by id. */
  public List<String> names() {
    return names;
  }

  @Override
  public String toString() {
    return "Probs" + Arrays.toString(data);
  }
}
