/**
 * TensorRT engines: building from the ONNX export and running them (optional natives).
 */
package dev.yolojava.core.export.trt;
