package dev.yolojava.tensorrt;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.yolojava.core.export.ExportedBackend;
import dev.yolojava.core.export.ExportedModelInfo;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;
import org.bytedeco.tensorrt.global.nvinfer;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IRuntime;

/**
 * Runs a {@code .engine} file (our or Ultralytics' layout, see {@link EngineFile}) on one GPU: the input and output
 * are libtorch CUDA tensors bound by their data pointers and the engine is enqueued on libtorch's current CUDA
 * stream, so nothing is copied and later libtorch work is ordered after it. Engines keep fp32 inputs and outputs
 * (fp16 engines use fp16 kernels inside). One execution context: calls are serialised.
 */
public final class TensorRtBackend implements ExportedBackend, AutoCloseable {
  private final Device device;
  private final IRuntime runtime;
  private final ICudaEngine engine;
  private final IExecutionContext context;
  private final String input;
  private final String output;
  private final ExportedModelInfo info;

  private TensorRtBackend(EngineFile file, Device device) {
    checkArgument(device.isCuda() && device.cudaIndices().size() == 1, "TensorRT: device is %s, expected one CUDA device", device);
    if (!file.task().equals("detect")) {
      throw new UnsupportedOperationException("TensorRT: the engine is an exported " + file.task() + " model; this"
          + " build of yolo-java runs exported detection models only (load the .pt checkpoint to predict with it)");
    }
    this.device = device;
    int rc = cudart.cudaSetDevice(device.index());
    checkState(rc == 0, "TensorRT: cudaSetDevice(%s) failed with CUDA error %s", device.index(), rc);
    runtime = nvinfer.createInferRuntime(TrtLogger.INSTANCE);
    BytePointer plan = new BytePointer(file.engine());
    engine = runtime.deserializeCudaEngine(plan, file.engine().length);
    checkState(engine != null && !engine.isNull(), "TensorRT: cannot deserialize the engine: %s", TrtLogger.INSTANCE.lastError());
    context = engine.createExecutionContext();
    String in = null;
    String out = null;
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < engine.getNbIOTensors(); i++) {
      String n = engine.getIOTensorName(i);
      // the int overload: with TensorRT 10.6's JNI (JavaCPP 1.5.11) under JavaCPP 1.5.13 the enum overload returns
      // objects that are not the enum's constants, so '== kINPUT' was false for the input (H100, 2026-12-07)
      int mode;
      try (BytePointer name = new BytePointer(n)) {
        mode = engine.getTensorIOMode(name);
      }
      seen.append(seen.length() == 0 ? "" : ", ").append(n).append(" mode ").append(mode);
      if (mode == nvinfer.TensorIOMode.kINPUT.value) {
        in = n;
      } else if (mode == nvinfer.TensorIOMode.kOUTPUT.value) {
        out = n;
      }
    }
    checkState(in != null && out != null, "TensorRT: engine has no input/output pair: %s tensors (%s)",
        engine.getNbIOTensors(), seen);
    input = in;
    output = out;
    Dims64 shape = engine.getTensorShape(input);
    info = ExportedModelInfo.of(file.names(), file.intValue("stride"), file.flag("end2end"), shape.d(2), shape.d(3));
  }

  /** Loads {@code file} onto {@code device} (e.g. {@code Device.parse("cuda:1")}). */
  public static TensorRtBackend open(Path file, Device device) {
    return new TensorRtBackend(EngineFile.read(file), device);
  }

  @Override
  public synchronized Tensor forward(Tensor images) {
    Tensor x = images.to(device.toTorch(), torch.ScalarType.Float).contiguous();
    Dims64 in = TensorRtBuilder.dims(x.size(0), x.size(2), x.size(3));
    checkState(context.setInputShape(input, in), "TensorRT: input shape [%s, 3, %s, %s] is outside the engine's profile",
        x.size(0), x.size(2), x.size(3));
    Dims64 o = context.getTensorShape(output);
    long[] outShape = new long[o.nbDims()];
    for (int i = 0; i < outShape.length; i++) {
      outShape[i] = o.d(i);
    }
    Tensor y = x.new_empty(new org.bytedeco.pytorch.LongArrayRef(outShape, outShape.length)); // same device, fp32
    context.setTensorAddress(input, x.data_ptr());
    context.setTensorAddress(output, y.data_ptr());
    boolean ok = context.enqueueV3(torch_cuda.getCurrentCUDAStream((byte) device.index()).stream());
    checkState(ok, "TensorRT: enqueueV3 failed: %s", TrtLogger.INSTANCE.lastError());
    return y;
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public ExportedModelInfo info() {
    return info;
  }

  @Override
  public synchronized void close() {
    context.close();
    engine.close();
    runtime.close();
  }
}
