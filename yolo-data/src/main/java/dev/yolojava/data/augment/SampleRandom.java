package dev.yolojava.data.augment;

import java.util.SplittableRandom;

/**
 * The random stream of one sample, derived only from (seed, epoch, dataset index): the augmentation of a sample
 * does not depend on which worker runs it or when, so any worker count gives identical batches.
 */
public final class SampleRandom {
  private final SplittableRandom rng;

  public SampleRandom(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  /** The stream for sample {@code index} of {@code epoch}. */
  public static SampleRandom of(long seed, int epoch, int index) {
    return new SampleRandom(mix(mix(seed) ^ (epoch * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L)) ^ index);
  }

  /** Murmur3's 64-bit finaliser: spreads nearby seeds far apart. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Uniform in [0, 1). */
  public double random() {
    return rng.nextDouble();
  }

  /** Uniform in [a, b) (Python's {@code random.uniform}). */
  public double uniform(double a, double b) {
    return a + (b - a) * rng.nextDouble();
  }

  /** Uniform integer in [lo, hi] inclusive (Python's {@code random.randint}). */
  public int randint(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  /** Uniform integer in [0, n). */
  public int nextInt(int n) {
    return rng.nextInt(n);
  }

  /** A Beta(a, b) draw (ratio of two Gamma draws). */
  public double beta(double a, double b) {
    double x = gamma(a);
    double y = gamma(b);
    return x / (x + y);
  }

  /** Marsaglia-Tsang Gamma(shape, 1), boosted for shape below 1. */
  double gamma(double shape) {
    if (shape < 1) {
      return gamma(shape + 1) * Math.pow(rng.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
