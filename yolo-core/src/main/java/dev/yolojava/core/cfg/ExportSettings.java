package dev.yolojava.core.cfg;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The export section of the configuration. */
public interface ExportSettings extends ArgsView {
  /** {@code format}: export format (torchscript). */
  default String format() {
    return (String) get("format");
  }

  /** {@code dynamic}: dynamic input shapes (false). */
  default boolean dynamic() {
    return boolArg("dynamic");
  }

  /** {@code simplify}: simplify the ONNX graph (true). */
  default boolean simplify() {
    return boolArg("simplify");
  }

  /** {@code optimize}: TorchScript mobile optimisation (false). */
  default boolean optimize() {
    return boolArg("optimize");
  }

  /** {@code opset}: ONNX opset, if set. */
  default OptionalInt opset() {
    return optionalInt("opset");
  }

  /** {@code workspace}: TensorRT workspace GiB, if set. */
  default OptionalDouble workspace() {
    return optionalDouble("workspace");
  }

  /** {@code nms}: NMS inside the exported model (false). */
  default boolean nms() {
    return boolArg("nms");
  }

  /** Whether {@code quantize} asks for INT8 (the successor of {@code int8=True}). */
  default boolean int8() {
    return Integer.valueOf(8).equals(get("quantize"));
  }
}
