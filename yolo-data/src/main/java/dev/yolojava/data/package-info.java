/**
 * Data sets in Ultralytics' format: {@code data.yaml} resolution (and the synthetic set), label scanning and caching,
 * splits.
 */
package dev.yolojava.data;
