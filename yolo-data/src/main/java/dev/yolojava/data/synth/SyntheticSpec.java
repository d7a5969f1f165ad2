package dev.yolojava.data.synth;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * Size and seed of a synthetic data set. As a {@code data=} string: {@code synthetic} (4000 train / 500 val,
 * seed 0, 640x480, like {@code shared/bench/synth_dataset.py}) or {@code synthetic:train=64,val=16,seed=3,size=160x120}
 * with any subset of those keys.
 */
public record SyntheticSpec(int train, int val, long seed, int width, int height) {
  public static final String PREFIX = "synthetic";

  public SyntheticSpec {
    checkArgument(train >= 1 && val >= 0, "synthetic split sizes are train=%s val=%s, expected train >= 1, val >= 0",
        train, val);
    checkArgument(width >= 32 && height >= 32, "synthetic image size is %sx%s, expected at least 32x32",
        width, height);
  }

  /** The default: 4000 train and 500 val 640x480 images from seed 0. */
  public static SyntheticSpec defaults() {
    return new SyntheticSpec(4000, 500, 0, 640, 480);
  }

  public static boolean isSynthetic(String data) {
    String d = data.trim().toLowerCase(Locale.ROOT);
    return d.equals(PREFIX) || d.startsWith(PREFIX + ":");
  }

  public static SyntheticSpec parse(String data) {
    checkArgument(isSynthetic(data), "'%s' is not a synthetic data spec (expected 'synthetic[:key=value,...]')",
        data);
    SyntheticSpec d = defaults();
    int train = d.train();
    int val = d.val();
    long seed = d.seed();
    int w = d.width();
    int h = d.height();
    String d0 = data.trim();
    if (d0.length() > PREFIX.length()) {
      for (String kv : d0.substring(PREFIX.length() + 1).split(",")) {
        String[] p = kv.split("=", 2);
        checkArgument(p.length == 2, "synthetic option '%s' in '%s' is not key=value", kv, data);
        String k = p[0].trim().toLowerCase(Locale.ROOT);
        String v = p[1].trim();
        try {
          switch (k) {
            case "train" -> train = Integer.parseInt(v);
            case "val" -> val = Integer.parseInt(v);
            case "seed" -> seed = Long.parseLong(v);
            case "size" -> {
              String[] wh = v.toLowerCase(Locale.ROOT).split("x");
              checkArgument(wh.length == 2, "synthetic size '%s' is not WxH", v);
              w = Integer.parseInt(wh[0]);
              h = Integer.parseInt(wh[1]);
            }
            default -> throw new IllegalArgumentException(
                "unknown synthetic option '" + k + "' in '" + data + "': expected train, val, seed or size");
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("synthetic option " + k + "='" + v + "' is not a number", e);
        }
      }
    }
    return new SyntheticSpec(train, val, seed, w, h);
  }

  /** A folder name unique to this spec. */
  public String dirName() {
    return "synthetic-" + train + "-" + val + "-s" + seed + "-" + width + "x" + height;
  }
}
