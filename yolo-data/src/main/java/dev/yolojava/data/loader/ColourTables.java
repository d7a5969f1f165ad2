package dev.yolojava.data.loader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * OpenCV's 8-bit colour conversions as lookup tables over all 2^24 inputs, so the GPU reproduces them with one gather
 * instead of re-deriving OpenCV's fixed-point maths op by op: {@code [0]} BGR to HSV, indexed by {@code (b << 16) |
 * (g << 8) | r}, holding {@code h | s << 8 | v << 16}; {@code [1]} HSV to BGR, indexed by {@code (h << 16) | (s <<
 * 8) | v}, holding {@code b | g << 8 | r << 16}. Each is int32 {@code 2^24} (64 MB; one 4-byte read per pixel),
 * filled by {@code cvtColor} itself on a 4096 x 4096 image of every input (once per process), copied once per
 * device and kept, like the device.
 */
final class ColourTables {
  private static final int SIDE = 4096;
  private static final long SIZE = 1L << 24;
  private static final Map<String, Tensor[]> ON_DEVICE = new ConcurrentHashMap<>();

  private ColourTables() {}

  /** The two tables on {@code device}. */
  static Tensor[] on(Device device) {
    return ON_DEVICE.computeIfAbsent(device.str().getString(), k -> {
      try (PointerScope scope = new PointerScope()) {
        Tensor[] host = Host.TABLES;
        Tensor[] t = new Tensor[2];
        for (int i = 0; i < 2; i++) {
          t[i] = device.is_cpu() ? new Tensor(host[i]) : host[i].to(device, torch.ScalarType.Int);
          t[i].retainReference();
        }
        return t;
      }
    });
  }

  /** Built on first use. */
  private static final class Host {
    static final Tensor[] TABLES = build();

    private static Tensor[] build() {
      try (PointerScope scope = new PointerScope()) {
        Tensor[] t = {convert(opencv_imgproc.COLOR_BGR2HSV), convert(opencv_imgproc.COLOR_HSV2BGR)};
        for (Tensor x : t) {
          x.retainReference();
        }
        return t;
      }
    }

    /** Every 3-byte input once, in code order, through {@code cvtColor}; the outputs packed little-end first. */
    private static Tensor convert(int code) {
      byte[] all = new byte[(int) (3 * SIZE)];
      for (int i = 0; i < SIZE; i++) {
        all[3 * i] = (byte) (i >>> 16);
        all[3 * i + 1] = (byte) (i >>> 8);
        all[3 * i + 2] = (byte) i;
      }
      try (Mat in = new Mat(SIDE, SIDE, opencv_core.CV_8UC3); Mat out = new Mat()) {
        try (BytePointer p = in.data()) {
          p.put(all);
        }
        opencv_imgproc.cvtColor(in, out, code);
        try (BytePointer p = out.data()) {
          p.get(all);
        }
      }
      int[] packed = new int[(int) SIZE];
      for (int i = 0; i < SIZE; i++) {
        packed[i] = (all[3 * i] & 0xFF) | (all[3 * i + 1] & 0xFF) << 8 | (all[3 * i + 2] & 0xFF) << 16;
      }
      Tensor t = torch.empty(new long[] {SIZE}, new TensorOptions(torch.ScalarType.Int), new MemoryFormatOptional());
      try (IntPointer p = new IntPointer(t.data_ptr())) {
        p.capacity(SIZE).put(packed);
      }
      return t;
    }
  }
}
