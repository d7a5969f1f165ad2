package dev.yolojava.core.export;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * TensorRT engines ({@code .engine}, {@code format=engine}), found with {@link ServiceLoader}: add the
 * {@code dev.yolojava:yolo-tensorrt} module to run and build them. yolo-core and yolo-api do not compile against
 * TensorRT, so an app without engines carries neither its classes nor its natives.
 */
public interface TensorRtEngines {
  /** The one line a caller gets when the module is absent. */
  String MISSING = "TensorRT engines need dev.yolojava:yolo-tensorrt on the class path (and the TensorRT natives,"
      + " see docs/deploy.md)";

  /**
   * Opens {@code file} (yolo-java's or Ultralytics' {@code .engine} layout) on one CUDA {@code device}.
   *
   * @throws IllegalStateException when the CUDA or TensorRT natives are missing, saying so in one line
   */
  ExportedBackend open(Path file, Device device);

  /**
   * Exports {@code model} as an engine at {@code file}: its ONNX export next to it (as Ultralytics keeps it), the
   * engine built from that, and the engine file with Ultralytics' metadata. Returns {@code file}.
   *
   * @throws IllegalStateException when the CUDA or TensorRT natives are missing, saying so in one line
   */
  Path export(YoloModel model, ExportOptions options, Path file);

  /**
   * The settings of {@code format=engine}.
   *
   * @param device the device to build on ({@code 0}, {@code cuda:1}), or null for the first GPU
   * @param half enable fp16 kernels
   * @param workspaceGiB the builder's workspace limit, or {@code <= 0} for TensorRT's default
   * @param batch the batch, or the largest batch of a dynamic engine
   * @param height input height
   * @param width input width
   * @param dynamic symbolic batch (and image size in the ONNX export)
   * @param opset the ONNX opset of the intermediate export
   */
  record ExportOptions(String device, boolean half, double workspaceGiB, int batch, int height, int width,
      boolean dynamic, int opset) {
    public ExportOptions {
      checkArgument(batch >= 1, "export: batch is %s, expected >= 1", batch);
    }
  }

  /** Whether the module is on the class path. */
  static boolean isPresent() {
    return ServiceLoader.load(TensorRtEngines.class, TensorRtEngines.class.getClassLoader()).iterator().hasNext();
  }

  /**
   * The engine support on the class path.
   *
   * @throws UnsupportedOperationException when none is, saying which module to add ({@link #MISSING})
   */
  static TensorRtEngines find() {
    Iterator<TensorRtEngines> it =
        ServiceLoader.load(TensorRtEngines.class, TensorRtEngines.class.getClassLoader()).iterator();
    if (!it.hasNext()) {
      throw new UnsupportedOperationException(MISSING);
    }
    return it.next();
  }
}
