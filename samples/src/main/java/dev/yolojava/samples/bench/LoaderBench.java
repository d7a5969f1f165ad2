package dev.yolojava.samples.bench;

import dev.yolojava.cuda.Device;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.loader.Batch;
import dev.yolojava.data.loader.DataLoader;
import dev.yolojava.data.loader.DevicePrefetcher;
import dev.yolojava.data.loader.LoaderOptions;
import java.util.Iterator;
import java.util.Locale;

/**
 * Training-loader throughput: prints one JSON line per measured pass and a summary line, with images per second
 * and per core of the machine, the decode workers asked for and started ({@link DataLoader#decodeWorkers}).
 *
 * <p>{@code LoaderBench data=synthetic imgsz=640 batch=128 workers=16 cache=none|ram|disk mosaic=1.0 batches=40
 * warmup=4 prefetch=4 cvthreads=N device=cpu|cuda:0 render=cpu|device render_threads=3 decode=cpu|nvjpeg
 * checksums=N}; {@code checksums} prints a sum over the pixels of each of the first N batches, to compare decoders;
 * {@code render_threads}:
 * threads moving/rendering batches onto the device (on CUDA 2 without a cache, 3 with one; training uses
 * {@link DevicePrefetcher#CUDA_THREADS}); {@code cvthreads} sets OpenCV's own thread
 * count (0: none, as Ultralytics' workers do); {@code render=device} (the default on CUDA, as in training) leaves
 * mosaic, warp, HSV and flips to tensor ops on the device, so the timing includes that rendering. The prefetch
 * thread's time per batch (the last epoch's) is split into waiting for the loader, launching the copy/rendering and,
 * with {@code -Dyolo.loader.profile=true}, waiting for the device to finish it.
 */
public final class LoaderBench {
  private LoaderBench() {}

  public static void main(String[] argv) {
    Args a = new Args(argv);
    String data = a.str("data", "synthetic");
    if (a.integer("cvthreads", -1) >= 0) {
      org.bytedeco.opencv.global.opencv_core.setNumThreads(a.integer("cvthreads", -1));
    }
    int imgsz = a.integer("imgsz", 640);
    int batch = a.integer("batch", 128);
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = a.integer("workers", cores);
    CacheMode cache = CacheMode.parse(a.str("cache", "none"));
    double mosaic = a.dbl("mosaic", 1.0);
    int warmup = a.integer("warmup", 2);
    int batches = a.integer("batches", 20);
    int prefetch = a.integer("prefetch", Math.max(2, workers / 4));
    // device=cuda:0 copies every batch to that GPU (pinned memory, non-blocking), as training consumes it.
    Device device = Device.parse(a.str("device", "cpu"));
    boolean render = a.str("render", device.isCuda() ? "device" : "cpu").equals("device");
    // H100 machine, 12 decode workers: 2 threads best without a cache (3,955 / 3,568 img/s against 3,911 / 3,399 with
    // 3 on two hosts), 3 with cache=ram (6,773 against 6,163)
    // decode=nvjpeg: the GPU's JPEG engines decode each rendered batch's JPEGs (DataLoader#decodeJpegsOn, as
    // -Dyolo.loader.decode=nvjpeg in training); decode=cpu (the default) keeps OpenCV in the workers
    String decode = a.str("decode", "cpu");
    int renderThreads = a.integer("render_threads", !device.isCuda() ? 1 : cache == CacheMode.NONE ? 2 : 3);
    DataConfig cfg = DataConfig.resolve(data);
    long t0 = System.nanoTime();
    LoaderOptions opts = LoaderOptions.train(batch, workers).withPrefetch(prefetch).withRenderOnDevice(render);
    int decoders = DataLoader.decodeWorkers(opts, cores);
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(imgsz).withCache(cache)
            .withThreads(Math.min(workers, cores)));
        DataLoader loader = DataLoader.train(ds, AugmentConfig.defaults().withMosaic(mosaic), opts)) {
      if (decode.equals("nvjpeg") && !loader.decodeJpegsOn(device)) {
        throw new IllegalStateException("decode=nvjpeg: no nvJPEG hardware decoder here (see the log)");
      }
      double openS = (System.nanoTime() - t0) / 1e9;
      System.out.println(String.format(Locale.ROOT,
          "{\"event\":\"open\",\"images\":%d,\"cache\":\"%s\",\"seconds\":%.2f}", ds.size(),
          ds.cacheMode().name().toLowerCase(Locale.ROOT), openS));
      int epoch = 0;
      // as training does: a thread of its own moves (and renders) batches onto the device ahead of the consumer
      Iterator<Batch> it = new DevicePrefetcher(loader.iterator(), device, 2, renderThreads);
      long images = 0;
      long start = 0;
      int checksums = a.integer("checksums", 0);
      java.util.List<Long> sums = new java.util.ArrayList<>();
      DevicePrefetcher.Stats st0 = new DevicePrefetcher.Stats(0, 0, 0, 0, 0);
      for (int i = 0; i < warmup + batches; i++) {
        if (!it.hasNext()) {
          ((DevicePrefetcher) it).close();
          loader.setEpoch(++epoch);
          it = new DevicePrefetcher(loader.iterator(), device, 2, renderThreads);
          st0 = new DevicePrefetcher.Stats(0, 0, 0, 0, 0);
        }
        if (i == warmup) {
          start = System.nanoTime();
          st0 = ((DevicePrefetcher) it).stats();
        }
        try (Batch b = it.next()) {
          if (i >= warmup) {
            images += b.size();
          }
          if (sums.size() < checksums) { // identical batches give identical sums, whatever decoded them
            try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
              org.bytedeco.pytorch.Tensor x = b.images().to(org.bytedeco.pytorch.global.torch.ScalarType.Long);
              org.bytedeco.pytorch.Tensor w = org.bytedeco.pytorch.global.torch.arange(
                  new org.bytedeco.pytorch.Scalar(x.numel())).remainder(new org.bytedeco.pytorch.Scalar(251))
                  .to(x.device(), org.bytedeco.pytorch.global.torch.ScalarType.Long);
              sums.add(x.reshape(-1).mul(w).sum().item_long());
            }
          }
        }
      }
      dev.yolojava.cuda.Cuda.synchronize();
      double s = (System.nanoTime() - start) / 1e9;
      DevicePrefetcher.Stats st = ((DevicePrefetcher) it).stats().minus(st0);
      ((DevicePrefetcher) it).close();
      long[] counts = loader.decodeCounts();
      if (Boolean.getBoolean("yolo.loader.profile")) { // device ms per rendering stage, summed over all batches
        StringBuilder j = new StringBuilder("{\"event\":\"render_profile_ms_total\",\"batches\":")
            .append(warmup + batches);
        dev.yolojava.data.loader.RenderProfile.totals().forEach((k, v) -> j.append(String.format(Locale.ROOT,
            ",\"%s\":%.1f", k, v)));
        System.out.println(j.append('}'));
      }
      double ips = images / s;
      if (checksums > 0) {
        System.out.println("{\"event\":\"checksums\",\"decode\":\"" + decode + "\",\"sums\":" + sums + "}");
      }
      System.out.println(String.format(Locale.ROOT,
          "{\"event\":\"throughput\",\"device\":\"%s\",\"imgsz\":%d,\"batch\":%d,\"workers\":%d,\"decode_workers\":%d,"
              + "\"prefetch\":%d,\"cores\":%d,\"cache\":\"%s\","
              + "\"mosaic\":%.2f,\"batches\":%d,\"images\":%d,\"seconds\":%.3f,\"img_per_s\":%.1f,"
              + "\"img_per_s_per_core\":%.1f,\"decode\":\"%s\",\"gpu_decoded\":%d,\"cpu_loaded\":%d,\"render\":\"%s\",\"render_threads\":%d,\"prefetch_ms_per_batch\":{\"wait_loader\":%.2f,"
              + "\"launch\":%.2f,\"device\":%.2f,\"gpu\":%.2f}}",
          device, imgsz, batch, workers, decoders, prefetch, cores, ds.cacheMode().name().toLowerCase(Locale.ROOT), mosaic,
          batches, images, s, ips, ips / cores, decode, counts[0], counts[1], render ? "device" : "cpu", renderThreads, st.waitMs() / Math.max(1, st.batches()),
          st.launchMs() / Math.max(1, st.batches()), st.deviceMs() / Math.max(1, st.batches()), st.gpuMs() / Math.max(1, st.batches())));
    }
  }
}
