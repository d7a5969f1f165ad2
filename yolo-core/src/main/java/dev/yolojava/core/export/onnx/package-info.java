/**
 * ONNX export (the graph written node by node from the model) and the ONNX Runtime backend.
 */
package dev.yolojava.core.export.onnx;
