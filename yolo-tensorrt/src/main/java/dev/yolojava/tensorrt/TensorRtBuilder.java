package dev.yolojava.tensorrt;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.global.nvonnxparser;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * Builds a TensorRT engine from an ONNX export on one named GPU: ONNX parser, builder config (fp16/fp32,
 * workspace limit), and for dynamic exports an optimisation profile over batch {@code 1..batch} at {@code imgsz}.
 * Only this class and {@link TensorRtBackend} touch TensorRT, so its natives load only when they are used.
 */
public final class TensorRtBuilder {
  private TensorRtBuilder() {}

  /**
   * Build settings.
   *
   * @param device a single CUDA device
   * @param half enable fp16 kernels (inputs and outputs stay fp32)
   * @param workspaceGiB workspace pool limit, or {@code <= 0} for TensorRT's default
   * @param batch the largest batch (the optimisation profile's max; its opt too)
   * @param height input height
   * @param width input width
   * @param dynamic whether the ONNX input has a symbolic batch
   */
  public record Options(Device device, boolean half, double workspaceGiB, int batch, int height, int width, boolean dynamic) {
    public Options {
      checkArgument(device.isCuda() && device.cudaIndices().size() == 1, "TensorRT: device is %s, expected one CUDA device", device);
      checkArgument(batch >= 1, "TensorRT: batch is %s, expected >= 1", batch);
    }
  }

  /** Parses {@code onnx}, builds, and returns the serialized engine. */
  public static byte[] build(Path onnx, Options o) {
    int rc = cudart.cudaSetDevice(o.device().index()); // the builder works on the current device only
    checkState(rc == 0, "TensorRT: cudaSetDevice(%s) failed with CUDA error %s", o.device().index(), rc);
    TrtLogger logger = TrtLogger.INSTANCE;
    IBuilder builder = nvinfer.createInferBuilder(logger);
    checkState(builder != null && !builder.isNull(), "TensorRT: createInferBuilder failed (are the natives on the classpath? use -Pgpu)");
    INetworkDefinition network = builder.createNetworkV2(0);
    IParser parser = nvonnxparser.createParser(network, logger);
    if (!parser.parseFromFile(onnx.toString(), org.bytedeco.tensorrt.nvinfer.ILogger.Severity.kWARNING.value)) {
      throw new IllegalStateException("TensorRT: cannot parse " + onnx + ": " + TrtLogger.INSTANCE.lastError());
    }
    IBuilderConfig config = builder.createBuilderConfig();
    if (o.workspaceGiB() > 0) {
      config.setMemoryPoolLimit(nvinfer.MemoryPoolType.kWORKSPACE, (long) (o.workspaceGiB() * (1L << 30)));
    }
    if (o.half()) {
      config.setFlag(nvinfer.BuilderFlag.kFP16);
    }
    if (o.dynamic()) {
      IOptimizationProfile profile = builder.createOptimizationProfile();
      String input = network.getInput(0).getName();
      profile.setDimensions(input, nvinfer.OptProfileSelector.kMIN, dims(1, o.height(), o.width()));
      profile.setDimensions(input, nvinfer.OptProfileSelector.kOPT, dims(o.batch(), o.height(), o.width()));
      profile.setDimensions(input, nvinfer.OptProfileSelector.kMAX, dims(o.batch(), o.height(), o.width()));
      config.addOptimizationProfile(profile);
    }
    IHostMemory plan = builder.buildSerializedNetwork(network, config);
    checkState(plan != null && !plan.isNull(), "TensorRT: engine build failed: %s", TrtLogger.INSTANCE.lastError());
    byte[] out = new byte[(int) plan.size()];
    new BytePointer(plan.data()).capacity(plan.size()).get(out);
    return out;
  }

  static Dims64 dims(long b, long h, long w) {
    Dims64 d = new Dims64();
    d.nbDims(4);
    d.d(0, b);
    d.d(1, 3);
    d.d(2, h);
    d.d(3, w);
    return d;
  }
}
