/**
 * Devices ({@link dev.yolojava.cuda.Device}, one type from the API to a kernel), the CUDA runtime, device guards,
 * autocast and CUDA graphs.
 */
package dev.yolojava.cuda;
