package dev.yolojava.data.augment;

/**
 * One training sample described without its pixels (see {@link TrainTransform#plan}): source image {@code
 * sources[i]} fills tile {@code tiles[i]} of a canvas split into quadrants at {@code (xc, yc)} (a single image is
 * tile 0 with the centre beyond it), pad 114 elsewhere; the canvas is warped by the row-major 3x3 {@code matrix}
 * into {@code s x s}; then the HSV tables {@code hsvLut} (null: none), up-down and left-right flips, and RGB order
 * unless {@code keepBgr}. {@code boxes} are the final ones, in output pixels.
 */
public record SamplePlan(int[] sources, Mosaic.Tile[] tiles, int xc, int yc, double[] matrix, Boxes boxes,
    byte[] hsvLut, boolean flipud, boolean fliplr, boolean keepBgr) {}
