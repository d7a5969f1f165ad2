/**
 * Validation metrics as Ultralytics computes them (AP per class, P/R/F1 curves, confusion matrix) and their plots.
 */
package dev.yolojava.core.metrics;
