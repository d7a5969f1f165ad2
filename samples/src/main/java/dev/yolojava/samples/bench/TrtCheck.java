package dev.yolojava.samples.bench;

import dev.yolojava.api.Export;
import dev.yolojava.api.ValConfig;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.engine.InferenceBackend;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.CudaGraph;
import dev.yolojava.cuda.Device;
import dev.yolojava.tensorrt.TensorRtBackend;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * GPU check of TensorRT engines: exports each checkpoint to an fp16 engine with dynamic batch 1..32, compares the
 * engine's output with eager fp16 on the same input, and times forward throughput at batch 1 and 32 for both, one
 * JSON line per measurement; batch-1 latency p50/p99 (each call synchronised) of eager, eager replayed as a CUDA
 * graph, and the engine; with {@code data=} also val mAP50-95 of both. Args:
 * {@code models=a.pt,b.pt device=0 iters=50 [data=a.yaml,b.yaml]}.
 */
public final class TrtCheck {
  private TrtCheck() {}

  public static void main(String[] argv) {
    Args a = new Args(argv);
    Device device = Device.parse(a.str("device", "0"));
    int iters = a.integer("iters", 50);
    for (String pt : a.str("models", "../shared/fixtures/yolov8n-synth.pt,../shared/fixtures/yolo26n-synth.pt").split(",")) {
      try (Yolo eager = Yolo.load(pt)) {
        long t0 = System.nanoTime();
        Path engine = eager.export(Export.tensorrt().half(true).dynamic(true).batch(32).device(a.str("device", "0")));
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"engine\":\"%s\",\"build_s\":%.1f}%n", pt, engine, (System.nanoTime() - t0) / 1e9);
        eager.to(device.toString());
        eager.unwrap().half(true);
        try (TensorRtBackend trt = TensorRtBackend.open(engine, device);
            InferenceMode g = new InferenceMode()) {
          try (PointerScope s = new PointerScope()) {
            Tensor x = torch.rand(2, 3, 640, 640).to(device.toTorch(), torch.ScalarType.Float);
            Tensor ye = eager.unwrap().forward(x.to(torch.ScalarType.Half)).to(torch.ScalarType.Float);
            Tensor yt = trt.forward(x);
            double diff = ye.sub(yt).abs().max().item_double();
            System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"max_abs_diff_vs_eager_fp16\":%.5f}%n", pt, diff);
          }
          for (int batch : new int[] {1, 32}) {
            report(pt, "eager_fp16", batch, iters, eager.unwrap(), torch.ScalarType.Half, device);
            report(pt, "tensorrt_fp16", batch, iters, trt, torch.ScalarType.Float, device);
          }
          int calls = Math.max(200, iters * 4);
          latency(pt, "eager_fp16", calls, eager.unwrap(), torch.ScalarType.Half, device, false);
          latency(pt, "eager_fp16_cuda_graph", calls, eager.unwrap(), torch.ScalarType.Half, device, true);
          latency(pt, "tensorrt_fp16", calls, trt, torch.ScalarType.Float, device, false);
        }
        for (String data : a.str("data", "").split(",")) {
          if (data.isBlank()) {
            continue;
          }
          // the same val split through eager fp16 and the engine (imgsz 640, batch 32, Ultralytics' val defaults)
          ValConfig cfg = ValConfig.builder().data(data).imgsz(640).batch(32).set("half", true)
              .set("device", a.str("device", "0")).set("plots", false).build();
          double eagerMap = eager.val(cfg).map();
          double trtMap;
          try (Yolo fromEngine = Yolo.load(engine)) {
            trtMap = fromEngine.val(cfg).map();
          }
          System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"data\":\"%s\",\"val_map50_95_eager_fp16\":%.5f,"
              + "\"val_map50_95_tensorrt_fp16\":%.5f,\"abs_diff\":%.5f}%n", pt, data, eagerMap, trtMap,
              Math.abs(eagerMap - trtMap));
        }
      }
    }
  }

  /** Batch-1 latency of {@code calls} forwards, each waited for; {@code graph}: one capture, then replays. */
  private static void latency(String pt, String kind, int calls, InferenceBackend b, torch.ScalarType type,
      Device device, boolean graph) {
    try (PointerScope s = new PointerScope()) {
      Tensor input = torch.rand(1, 3, 640, 640).to(device.toTorch(), type);
      for (int i = 0; i < 10; i++) {
        try (PointerScope w = new PointerScope()) {
          b.forward(input);
        }
      }
      CudaGraph.Pool pool = graph ? new CudaGraph.Pool(device.index()) : null;
      try {
        CudaGraph replay = graph ? pool.capture(() -> b.forward(input)) : null;
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
          long t0 = System.nanoTime();
          try (PointerScope w = new PointerScope()) {
            if (replay != null) {
              replay.replay();
            } else {
              b.forward(input);
            }
            Cuda.synchronize();
          }
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"backend\":\"%s\",\"batch\":1,\"calls\":%d,"
            + "\"latency_p50_ms\":%.3f,\"latency_p99_ms\":%.3f}%n", pt, kind, calls, ms[calls / 2],
            ms[(int) Math.ceil(calls * 0.99) - 1]);
      } catch (RuntimeException e) {
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"backend\":\"%s\",\"error\":\"%s\"}%n", pt, kind,
            String.valueOf(e.getMessage()).replace('"', '\'').replace('\n', ' '));
      } finally {
        if (pool != null) {
          pool.close();
        }
      }
    }
  }

  private static void report(String pt, String kind, int batch, int iters, InferenceBackend b, torch.ScalarType type, Device device) {
    try (PointerScope s = new PointerScope()) {
      Tensor x = torch.rand(batch, 3, 640, 640).to(device.toTorch(), type);
      for (int i = 0; i < 10; i++) {
        try (PointerScope w = new PointerScope()) {
          b.forward(x);
        }
      }
      Cuda.synchronize();
      long t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        try (PointerScope w = new PointerScope()) {
          b.forward(x);
        }
      }
      Cuda.synchronize();
      double sec = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"backend\":\"%s\",\"batch\":%d,\"latency_ms\":%.3f,\"img_per_s\":%.1f}%n",
          pt, kind, batch, 1000 * sec / iters, batch * iters / sec);
    }
  }
}
