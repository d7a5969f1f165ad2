package dev.yolojava.data.loader;

import dev.yolojava.data.augment.RectBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which samples form which batch in one epoch on one rank. Training: a permutation seeded by (seed, epoch) when
 * shuffling, sharded like PyTorch's DistributedSampler (padded to a multiple of the world size, every
 * world-size-th index); in order, sharded in contiguous blocks of batches like Ultralytics'
 * ContiguousDistributedSampler. Validation with rect: Ultralytics' aspect-sorted batches with their own shapes.
 */
final class EpochPlan {
  /** One batch: dataset indices and the image height and width. */
  record BatchSpec(int index, int[] samples, int h, int w) {}

  private EpochPlan() {}

  static List<BatchSpec> train(int n, int imgsz, LoaderOptions o, int epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int bs = Math.min(o.batchSize(), n);
    int[] mine;
    if (o.shuffle()) {
      shuffle(order, new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + epoch));
      mine = strided(order, o.rank(), o.worldSize());
    } else {
      mine = contiguous(order, bs, o.rank(), o.worldSize());
    }
    List<BatchSpec> out = new ArrayList<>();
    for (int start = 0; start < mine.length; start += bs) {
      int end = Math.min(mine.length, start + bs);
      if (end - start < bs && o.dropLast()) {
        break;
      }
      int[] s = new int[end - start];
      System.arraycopy(mine, start, s, 0, s.length);
      out.add(new BatchSpec(out.size(), s, imgsz, imgsz));
    }
    return out;
  }

  static List<BatchSpec> val(List<dev.yolojava.data.ImageLabels> labels, int imgsz, LoaderOptions o) {
    int n = labels.size();
    int bs = Math.min(o.batchSize(), n);
    List<BatchSpec> all = new ArrayList<>();
    if (o.rect()) {
      RectBatches rb = RectBatches.compute(labels, bs, imgsz, o.stride(), o.pad());
      int[] order = rb.order();
      for (int b = 0; b < rb.size(); b++) {
        int end = Math.min(n, (b + 1) * bs);
        int[] s = new int[end - b * bs];
        System.arraycopy(order, b * bs, s, 0, s.length);
        int[] hw = rb.shape(b);
        all.add(new BatchSpec(b, s, hw[0], hw[1]));
      }
    } else {
      for (int start = 0, b = 0; start < n; start += bs, b++) {
        int[] s = new int[Math.min(n, start + bs) - start];
        for (int k = 0; k < s.length; k++) {
          s[k] = start + k;
        }
        all.add(new BatchSpec(b, s, imgsz, imgsz));
      }
    }
    // contiguous blocks of whole batches per rank, so rect shapes stay intact
    int base = all.size() / o.worldSize();
    int rem = all.size() % o.worldSize();
    int from = o.rank() * base + Math.min(o.rank(), rem);
    int count = base + (o.rank() < rem ? 1 : 0);
    List<BatchSpec> out = new ArrayList<>();
    for (int b = from; b < from + count; b++) {
      BatchSpec x = all.get(b);
      out.add(new BatchSpec(out.size(), x.samples(), x.h(), x.w()));
    }
    return out;
  }

  static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** DistributedSampler: pad with the first indices to a multiple of world, take rank, rank+world, ... */
  static int[] strided(int[] order, int rank, int world) {
    if (world == 1) {
      return order;
    }
    int total = (order.length + world - 1) / world * world;
    int[] out = new int[total / world];
    for (int k = 0; k < out.length; k++) {
      out[k] = order[(rank + k * world) % order.length];
    }
    return out;
  }

  /** ContiguousDistributedSampler: whole batches, the first {@code nb % world} ranks one extra. */
  static int[] contiguous(int[] order, int bs, int rank, int world) {
    if (world == 1) {
      return order;
    }
    int b = bs >= order.length ? 1 : bs;
    int nb = (order.length + b - 1) / b;
    int base = nb / world;
    int rem = nb % world;
    int startBatch = rank * base + Math.min(rank, rem);
    int endBatch = startBatch + base + (rank < rem ? 1 : 0);
    int from = startBatch * b;
    int to = Math.min(endBatch * b, order.length);
    int[] out = new int[Math.max(0, to - from)];
    System.arraycopy(order, from, out, 0, out.length);
    return out;
  }
}
