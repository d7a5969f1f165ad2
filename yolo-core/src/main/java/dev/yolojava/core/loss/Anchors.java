package dev.yolojava.core.loss;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Anchor points of a multi-level prediction grid, as Ultralytics' {@code make_anchors}: for each
 * level (in order) the cell centres {@code (x + offset, y + offset)} row-major, in grid units of
 * that level.
 *
 * @param points {@code (A, 2)} anchor centres {@code (x, y)} in grid units
 * @param strides {@code (A, 1)} the stride (pixels per grid cell) of each anchor's level
 */
public record Anchors(Tensor points, Tensor strides) {
  /** Ultralytics' grid cell offset: anchors sit at cell centres. */
  public static final double CELL_OFFSET = 0.5;

  /**
   * Builds the anchors for feature maps {@code (B, C, H_i, W_i)} with the given per-level strides.
   *
   * @throws IllegalArgumentException when the number of maps and strides differ
   */
  public static Anchors of(List<Tensor> feats, double[] strides) {
    long[][] sizes = new long[feats.size()][];
    for (int i = 0; i < sizes.length; i++) {
      Tensor f = feats.get(i);
      checkArgument(
          f.dim() == 4, "feature map %s has %s dims, expected 4 (B, C, H, W)", i, f.dim());
      sizes[i] = new long[] {f.size(2), f.size(3)};
    }
    return of(sizes, strides, CELL_OFFSET, feats.get(0).options());
  }

  /**
   * Builds the anchors for grids of {@code gridSizes[i] = {H_i, W_i}} cells.
   *
   * @param options dtype and device of the result
   */
  public static Anchors of(
      long[][] gridSizes, double[] strides, double offset, TensorOptions options) {
    checkArgument(
        gridSizes.length == strides.length && gridSizes.length > 0,
        "got %s grid levels and %s strides %s, expected the same non-zero number",
        gridSizes.length,
        strides.length,
        Arrays.toString(strides));
    Tensor[] points = new Tensor[gridSizes.length];
    Tensor[] perAnchor = new Tensor[gridSizes.length];
    for (int i = 0; i < gridSizes.length; i++) {
      long h = gridSizes[i][0];
      long w = gridSizes[i][1];
      Tensor sx = torch.arange(new Scalar(w), options).add(new Scalar(offset));
      Tensor sy = torch.arange(new Scalar(h), options).add(new Scalar(offset));
      TensorVector grid = torch.meshgrid(new TensorVector(sy, sx), "ij");
      points[i] = torch.stack(new TensorVector(grid.get(1), grid.get(0)), -1).view(-1, 2);
      perAnchor[i] = torch.full(new long[] {h * w, 1}, new Scalar(strides[i]), options);
    }
    return new Anchors(
        torch.cat(new TensorVector(points), 0), torch.cat(new TensorVector(perAnchor), 0));
  }

  /** Number of anchors over all levels. */
  public long count() {
    return points.size(0);
  }
}
