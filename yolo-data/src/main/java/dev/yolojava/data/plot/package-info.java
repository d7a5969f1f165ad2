/**
 * Plots of labels and training batches, as Ultralytics draws them.
 */
package dev.yolojava.data.plot;
