/**
 * Tensor operations shared by the engines: box conversions, NMS, timing helpers.
 */
package dev.yolojava.core.ops;
