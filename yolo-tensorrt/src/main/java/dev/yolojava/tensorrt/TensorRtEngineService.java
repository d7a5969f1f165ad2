package dev.yolojava.tensorrt;

import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.export.ExportedBackend;
import dev.yolojava.core.export.TensorRtEngines;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;

/**
 * yolo-core's {@link TensorRtEngines}, registered in {@code META-INF/services}: {@code Yolo.load("x.engine")} and
 * {@code export(format=engine)} find it there. Touches no TensorRT class until a method runs, so finding it needs
 * no natives.
 */
public final class TensorRtEngineService implements TensorRtEngines {
  @Override
  public ExportedBackend open(Path file, Device device) {
    try {
      return TensorRtBackend.open(file, device);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError missing) {
      // as the export: one line instead of the linker's stack trace
      throw new IllegalStateException("running TensorRT engines needs the CUDA and TensorRT natives, which this build"
          + " does not have (" + missing.getMessage() + "): build with the gpu profile, see docs/gpu.md", missing);
    }
  }

  @Override
  public Path export(YoloModel model, ExportOptions options, Path file) {
    return TensorRtExport.export(model, options, file);
  }
}
