package dev.yolojava.samples.bench;

import dev.yolojava.data.image.Images;
import dev.yolojava.data.image.JpegLayout;
import dev.yolojava.data.image.NvJpegBatchDecoder;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * JPEG decoding on the GPU ({@link NvJpegBatchDecoder}, nvJPEG backend {@code backends}: 3 the hardware engines)
 * against OpenCV: pixel parity (the files, and the same re-encoded as 4:4:4, 4:2:2 and, cropped to odd sizes,
 * 4:2:0) and throughput with the CPU time each image costs (OpenCV per thread count). One JSON line per result.
 *
 * <p>{@code JpegDecodeBench dir=/tmp/synth/images/train parity=256 images=2048 batch=128 backends=3 threads=1,12}
 */
public final class JpegDecodeBench {
  private JpegDecodeBench() {}

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    Path dir = Path.of(a.str("dir", "/tmp/synth/images/train"));
    int parityN = a.integer("parity", 200);
    int n = a.integer("images", 2000);
    List<byte[]> files = read(dir, Math.max(parityN, n));
    int device = a.integer("device", 0);
    int batch = a.integer("batch", 128);
    List<byte[]> some = files.subList(0, Math.min(parityN, files.size()));
    for (String b : a.str("backends", "3").split(",")) {
      int backend = Integer.parseInt(b.trim());
      batched("as-is", some, backend, batch, device, true);
      batched("444", reencode(some, 0x111111, false), backend, batch, device, false);
      batched("422", reencode(some, 0x211111, false), backend, batch, device, false);
      batched("420-odd-size", reencode(some, 0x221111, true), backend, batch, device, false);
      batched("throughput", files.subList(0, Math.min(n, files.size())), backend, batch, device, true);
    }
    for (String t : a.str("threads", "1,12").split(",")) {
      throughput(files.subList(0, Math.min(n, files.size())), Integer.parseInt(t.trim()));
    }
  }

  private static List<byte[]> reencode(List<byte[]> files, int sampling, boolean oddCrop) {
    return files.stream().map(f -> reencode(f, sampling, oddCrop)).toList();
  }

  /**
   * One nvJPEG call per {@code batch} files on one thread: every pixel against OpenCV's, then (with {@code timed}) a
   * timed pass.
   */
  private static void batched(String set, List<byte[]> files, int backend, int batch, int device, boolean timed) {
    java.util.Optional<NvJpegBatchDecoder> opened =
        NvJpegBatchDecoder.open(dev.yolojava.cuda.Device.parse("cuda:" + device), backend);
    if (opened.isEmpty()) {
      System.out.println("{\"event\":\"nvjpeg\",\"backend\":" + backend + ",\"available\":false}");
      return;
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (NvJpegBatchDecoder dec = opened.get()) {
      List<JpegLayout> layouts = files.stream().map(f -> JpegLayout.read(f).orElseThrow()).toList();
      long[] offsets = new long[files.size()];
      long total = 0;
      for (int i = 0; i < files.size(); i++) {
        offsets[i] = total;
        total += 3L * layouts.get(i).width() * layouts.get(i).height();
      }
      int first = files.size();
      long firstPx = total;
      try (PointerScope scope = new PointerScope()) {
        Tensor out = torch.zeros(new long[] {firstPx}, new TensorOptions(torch.ScalarType.Byte)
            .device(new DeviceOptional(new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) device))));
        int st = 0;
        for (int b0 = 0; b0 < first && st == 0; b0 += batch) {
          int k = Math.min(batch, first - b0);
          st = dec.decodeInto(files.subList(b0, b0 + k), layouts.subList(b0, b0 + k), out,
              java.util.Arrays.copyOfRange(offsets, b0, b0 + k));
        }
        if (st != 0) {
          System.out.println("{\"event\":\"nvjpeg\",\"backend\":" + backend + ",\"status\":" + st + "}");
          return;
        }
        Tensor host = out.cpu();
        byte[] got = new byte[(int) firstPx];
        new BytePointer(host.data_ptr()).capacity(firstPx).get(got);
        long diff = 0;
        int max = 0;
        for (int i = 0; i < first; i++) {
          try (Mat ref = Images.decode(files.get(i), "ref")) {
            int len = 3 * ref.rows() * ref.cols();
            byte[] want = new byte[len];
            ref.data().capacity(len).get(want);
            for (int k = 0; k < len; k++) {
              int d = Math.abs((want[k] & 0xFF) - (got[(int) offsets[i] + k] & 0xFF));
              diff += d > 0 ? 1 : 0;
              max = Math.max(max, d);
            }
          }
        }
        System.out.println(String.format(Locale.ROOT,
            "{\"event\":\"parity\",\"set\":\"%s\",\"backend\":%d,\"images\":%d,\"values\":%d,"
                + "\"differing\":%d,\"max_abs\":%d}", set, backend, first, firstPx, diff, max));
      }
      for (int pass = 0; timed && pass < 2; pass++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long p0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int b0 = 0; b0 < files.size(); b0 += batch) {
          int k = Math.min(batch, files.size() - b0);
          try (PointerScope scope = new PointerScope()) {
            long base = offsets[b0];
            long end = b0 + k < offsets.length ? offsets[b0 + k] : total;
            Tensor out = torch.empty(new long[] {end - base}, new TensorOptions(torch.ScalarType.Byte)
                .device(new DeviceOptional(new org.bytedeco.pytorch.Device(torch.DeviceType.CUDA, (byte) device))),
                new org.bytedeco.pytorch.MemoryFormatOptional());
            long[] off = new long[k];
            for (int i = 0; i < k; i++) {
              off[i] = offsets[b0 + i] - base;
            }
            dec.decodeInto(files.subList(b0, b0 + k), layouts.subList(b0, b0 + k), out, off);
          }
        }
        dev.yolojava.cuda.Cuda.synchronize();
        double s = (System.nanoTime() - t0) / 1e9;
        if (pass == 1) {
          System.out.println(String.format(Locale.ROOT,
              "{\"event\":\"decode\",\"decoder\":\"nvjpeg\",\"backend\":%d,\"threads\":1,\"batch\":%d,"
                  + "\"images\":%d,\"img_per_s\":%.1f,"
                  + "\"cpu_ms_per_img\":%.3f,\"process_cpu_ms_per_img\":%.3f}", backend, batch, files.size(),
              files.size() / s, (mx.getCurrentThreadCpuTime() - c0) / 1e6 / files.size(),
              (os.getProcessCpuTime() - p0) / 1e6 / files.size()));
        }
      }
    }
  }

  private static List<byte[]> read(Path dir, int n) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList()) {
        out.add(Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static byte[] reencode(byte[] f, int sampling, boolean oddCrop) {
    try (Mat m = Images.decode(f, "re-encode")) {
      Mat src = oddCrop ? new Mat(m, new Rect(1, 2, m.cols() - 3, m.rows() - 5)).clone() : m;
      try (BytePointer buf = new BytePointer()) {
        opencv_imgcodecs.imencode(".jpg", src, buf, new org.bytedeco.javacpp.IntPointer(
            opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 95,
            opencv_imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, sampling));
        byte[] out = new byte[(int) buf.limit()];
        buf.get(out);
        return out;
      } finally {
        if (src != m) {
          src.close();
        }
      }
    }
  }

  /** OpenCV's decoding on {@code threads} threads. */
  private static void throughput(List<byte[]> files, int threads) throws InterruptedException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int pass = 0; pass < 2; pass++) { // the first warms up (nvJPEG states, CUDA streams, JIT)
      AtomicLong next = new AtomicLong();
      AtomicLong cpuNs = new AtomicLong();
      List<Thread> ts = new ArrayList<>();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long p0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> {
          long c0 = mx.getCurrentThreadCpuTime();
          for (long k; (k = next.getAndIncrement()) < files.size(); ) {
            Images.decode(files.get((int) k), "bench").close();
          }
          cpuNs.addAndGet(mx.getCurrentThreadCpuTime() - c0);
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double processMs = (os.getProcessCpuTime() - p0) / 1e6 / files.size();
      if (pass == 1) {
        System.out.println(String.format(Locale.ROOT,
            "{\"event\":\"decode\",\"decoder\":\"opencv\",\"threads\":%d,\"images\":%d,\"img_per_s\":%.1f,"
                + "\"cpu_ms_per_img\":%.3f,\"process_cpu_ms_per_img\":%.3f,\"opencv_threads\":%d}",
            threads, files.size(), files.size() / s, cpuNs.get() / 1e6 / files.size(), processMs,
            opencv_core.getNumThreads()));
      }
    }
  }
}
