package dev.yolojava.tensorrt;

import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.export.TensorRtEngines;
import dev.yolojava.core.export.onnx.OnnxExporter;
import dev.yolojava.cuda.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code format=engine}: an ONNX export (kept next to the engine, as Ultralytics does) built into a TensorRT engine. */
final class TensorRtExport {
  private TensorRtExport() {}

  static Path export(YoloModel model, TensorRtEngines.ExportOptions e, Path file) {
    Device device = Device.parse(e.device() == null ? "0" : e.device()).requireAvailable();
    try {
      return build(model, e, file, device);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError missing) {
      // the CPU build has neither the CUDA nor the TensorRT natives: one line instead of the linker's stack trace
      throw new IllegalStateException("export format=engine needs the CUDA and TensorRT natives, which this build"
          + " does not have (" + missing.getMessage() + "): build with the gpu profile, see docs/gpu.md", missing);
    }
  }

  private static Path build(YoloModel model, TensorRtEngines.ExportOptions e, Path file, Device device) {
    if (!model.net().task().equals("detect")) { // the engine's metadata and backend know detection's outputs only
      throw new UnsupportedOperationException("export format=engine: " + model.source() + " is a "
          + model.net().task() + " model; this build exports detection models to TensorRT (pose models: format=onnx)");
    }
    OnnxExporter.Options o = new OnnxExporter.Options(e.batch(), e.height(), e.width(), e.dynamic(), e.opset());
    String name = file.getFileName().toString();
    Path onnx = file.resolveSibling(name.substring(0, Math.max(0, name.lastIndexOf('.'))) + ".onnx");
    OnnxExporter.export(model.net(), OnnxExporter.metadata(model.net(), model.names(), o, model.source()), o, onnx);
    byte[] plan = TensorRtBuilder.build(onnx,
        new TensorRtBuilder.Options(device, e.half(), e.workspaceGiB(), o.batch(), o.height(), o.width(), o.dynamic()));
    int stride = Math.max(32, Arrays.stream(model.net().strides()).max().orElse(32));
    String meta =
        EngineFile.metadataJson(
            model.names(), stride, o.batch(), new int[] {o.height(), o.width()}, model.endToEnd(), e.half(), o.dynamic());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    new EngineFile(meta, plan).write(file);
    return file;
  }
}
