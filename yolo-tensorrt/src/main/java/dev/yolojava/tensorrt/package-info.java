/**
 * TensorRT engines: building them from the ONNX export and running them. The optional {@code yolo-tensorrt} module;
 * yolo-core's {@code TensorRtEngines} finds it with {@code ServiceLoader} (natives with the gpu profile).
 */
package dev.yolojava.tensorrt;
