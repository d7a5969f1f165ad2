package dev.yolojava.data;

/**
 * How a validation image was mapped into its batch tensor, as Ultralytics' {@code ratio_pad}: the load-time resize
 * ratios (resized / original, per axis) and the letterbox padding on the left and top, in pixels. Original
 * coordinates are {@code (x - padLeft) / ratioW}, {@code (y - padTop) / ratioH}.
 */
public record RatioPad(double ratioH, double ratioW, double padLeft, double padTop) {}
