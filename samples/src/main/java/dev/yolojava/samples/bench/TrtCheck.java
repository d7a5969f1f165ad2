package dev.yolojava.samples.bench;

import dev.yolojava.api.Export;
import dev.yolojava.api.ValConfig;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.engine.InferenceBackend;
import dev.yolojava.core.export.trt.TensorRtBackend;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * GPU check of TensorRT engines: exports each checkpoint to an fp16 engine with dynamic batch 1..32, compares the
 * engine's output with eager fp16 on the same input, and times forward throughput at batch 1 and 32 for both, one
 * JSON line per measurement; with {@code data=} also val mAP50-95 of both. Args:
 * {@code models=a.pt,b.pt device=0 iters=50 [data=data.yaml]}.
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
        }
        String data = a.str("data", "");
        if (!data.isEmpty()) {
          // the same val split through eager fp16 and the engine (imgsz 640, batch 32, Ultralytics' val defaults)
          ValConfig cfg = ValConfig.builder().data(data).imgsz(640).batch(32).set("half", true)
              .set("device", a.str("device", "0")).set("plots", false).build();
          double eagerMap = eager.val(cfg).map();
          double trtMap;
          try (Yolo fromEngine = Yolo.load(engine)) {
            trtMap = fromEngine.val(cfg).map();
          }
          System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"val_map50_95_eager_fp16\":%.5f,"
              + "\"val_map50_95_tensorrt_fp16\":%.5f,\"abs_diff\":%.5f}%n", pt, eagerMap, trtMap,
              Math.abs(eagerMap - trtMap));
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
