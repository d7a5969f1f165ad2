package dev.yolojava.data.loader;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.cuda.Cuda;

/**
 * Loader settings. {@code prefetch} is how many batches are in flight ahead of the consumer (the bound of the
 * ready-batch queue); {@code rank}/{@code worldSize} shard the data for distributed training; {@code pinMemory}
 * allocates batches in page-locked memory (only when CUDA is available) so copies to the GPU can be non-blocking.
 * {@code rect} applies to validation loaders (rectangular batches with {@code pad}, Ultralytics' 0.5).
 * {@code renderOnDevice}: training batches leave the workers as decoded sources plus a plan, and
 * {@link Batch#to} renders their augmentation with tensor ops on the target device (the GPU), so workers only
 * decode; configurations the plan cannot describe (MixUp, CutMix, perspective) stay on the CPU. Rendered batches
 * draw their mosaic partners from the batch's own images also with {@code cache=ram} (the CPU path then draws
 * from the whole dataset); Ultralytics draws from a buffer of recently loaded images in both cases.
 */
public record LoaderOptions(
    int batchSize, int workers, boolean shuffle, boolean dropLast, long seed, int rank, int worldSize,
    int prefetch, boolean pinMemory, boolean rect, int stride, double pad, boolean renderOnDevice) {

  public LoaderOptions {
    checkArgument(batchSize >= 1, "batch size is %s, expected >= 1", batchSize);
    checkArgument(workers >= 1, "workers is %s, expected >= 1", workers);
    checkArgument(worldSize >= 1, "world size is %s, expected >= 1", worldSize);
    checkArgument(rank >= 0 && rank < worldSize, "rank is %s, expected 0..%s for world size %s", rank,
        worldSize - 1, worldSize);
    checkArgument(prefetch >= 1, "prefetch is %s, expected >= 1 batch", prefetch);
    checkArgument(stride >= 1, "stride is %s, expected >= 1", stride);
    checkArgument(pad >= 0, "pad is %s, expected >= 0", pad);
  }

  /** Training: shuffled, augmented, no drop-last, seed 0, single process, prefetch 4, pinned when CUDA exists. */
  public static LoaderOptions train(int batchSize, int workers) {
    return new LoaderOptions(batchSize, workers, true, false, 0, 0, 1, 4, Cuda.isAvailable(), false, 32, 0.0, false);
  }

  /** Validation: in order, rectangular batches with pad 0.5. */
  public static LoaderOptions val(int batchSize, int workers) {
    return new LoaderOptions(batchSize, workers, false, false, 0, 0, 1, 4, Cuda.isAvailable(), true, 32, 0.5, false);
  }

  public LoaderOptions withSeed(long s) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, s, rank, worldSize, prefetch, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withWorkers(int w) {
    return new LoaderOptions(batchSize, w, shuffle, dropLast, seed, rank, worldSize, prefetch, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withShuffle(boolean s) {
    return new LoaderOptions(batchSize, workers, s, dropLast, seed, rank, worldSize, prefetch, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withDropLast(boolean d) {
    return new LoaderOptions(batchSize, workers, shuffle, d, seed, rank, worldSize, prefetch, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withShard(int r, int world) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, seed, r, world, prefetch, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withPrefetch(int p) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, seed, rank, worldSize, p, pinMemory, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withPinMemory(boolean p) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, seed, rank, worldSize, prefetch, p, rect,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withRect(boolean r) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, seed, rank, worldSize, prefetch, pinMemory, r,
        stride, pad, renderOnDevice);
  }

  public LoaderOptions withRenderOnDevice(boolean r) {
    return new LoaderOptions(batchSize, workers, shuffle, dropLast, seed, rank, worldSize, prefetch, pinMemory, rect,
        stride, pad, r);
  }

}
