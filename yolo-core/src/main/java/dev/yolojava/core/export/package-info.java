/**
 * Export of a trained model and the backends that run an export (ONNX Runtime, TensorRT), behind the engines'
 * inference interface.
 */
package dev.yolojava.core.export;
