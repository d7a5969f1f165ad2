package dev.yolojava.core.engine;

import dev.yolojava.core.nn.DetectionModel;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The CUDA training levers that change no result: channels-last (NHWC) convolutions, which let cuDNN pick its
 * tensor-core kernels for the small-channel convs of n/s models, and cuDNN autotuning. Measured on the H100 (yolov8n,
 * batch 128, AMP; bench/results): channels-last 525 → 730-800 img/s; autotuning gained nothing in steady state and
 * cost 13 s in the first epoch, so it is off by default. {@code -Dyolo.train.channelsLast=false} /
 * {@code -Dyolo.train.cudnnBenchmark=true} switch them for measurements. {@code -Dyolo.train.tf32=false} turns off
 * libtorch's default TF32 tensor-core math for fp32 convolutions and matmuls, for runs compared in exact fp32.
 */
final class FastPath {
  final boolean channelsLast;
  final boolean cudnnBenchmark;
  final boolean tf32;

  private FastPath(boolean channelsLast, boolean cudnnBenchmark, boolean tf32) {
    this.channelsLast = channelsLast;
    this.cudnnBenchmark = cudnnBenchmark;
    this.tf32 = tf32;
  }

  static FastPath forDevice(Device device) {
    boolean cuda = device.isCuda();
    return new FastPath(cuda && flag("yolo.train.channelsLast", true),
        cuda && flag("yolo.train.cudnnBenchmark", false), flag("yolo.train.tf32", true));
  }

  /**
   * Whether SGD/Adam/AdamW run flat (parameters, gradients and state in one buffer each; AMP steps skipped on the
   * device, no wait per step): on by default on every device, as it changes no value;
   * {@code -Dyolo.train.flatOptimizer=false} runs libtorch's own optimizers for measurements.
   */
  static boolean flatOptimizer() {
    return flag("yolo.train.flatOptimizer", true);
  }

  private static boolean flag(String key, boolean dflt) {
    return Boolean.parseBoolean(System.getProperty(key, Boolean.toString(dflt)));
  }

  /** Switches cuDNN autotuning on and converts the model's 4-d weights to channels-last in place. */
  void prepare(DetectionModel net) {
    if (cudnnBenchmark) {
      Cuda.setCudnnBenchmark(true);
    }
    if (!tf32) {
      Cuda.setTf32(false);
    }
    if (!channelsLast) {
      return;
    }
    try (PointerScope scope = new PointerScope(); NoGradGuard ng = new NoGradGuard()) {
      var params = net.named_parameters(true);
      for (long i = 0; i < params.size(); i++) {
        Tensor p = params.get(i).value();
        if (p.dim() == 4) {
          p.__dispatch_set_data(p.contiguous(torch.MemoryFormat.ChannelsLast));
        }
      }
    }
  }

  /** The input in the layout the weights expect. */
  Tensor input(Tensor images) {
    return channelsLast ? images.contiguous(torch.MemoryFormat.ChannelsLast) : images;
  }

  @Override
  public String toString() {
    return "channels_last=" + channelsLast + " cudnn_benchmark=" + cudnnBenchmark + (tf32 ? "" : " tf32=false");
  }
}
