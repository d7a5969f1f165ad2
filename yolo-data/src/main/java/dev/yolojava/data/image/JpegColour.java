package dev.yolojava.data.image;

import dev.yolojava.runtime.Scopes;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * The last two stages of libjpeg(-turbo)'s decoder as tensor ops, so that YCbCr planes decoded elsewhere (nvJPEG on
 * the GPU) become the pixels OpenCV's {@code imdecode} returns: "fancy" chroma upsampling (libjpeg's default: a
 * triangle filter, 3/4 of the nearer sample and 1/4 of the farther, with its alternating rounding bias and edge
 * samples repeated) and the fixed-point YCbCr to RGB conversion (16 fraction bits, the products its lookup tables
 * hold, computed in int32 instead of looked up). Integer maths throughout, so any device gives the same bytes.
 */
public final class JpegColour {
  private static final int SCALEBITS = 16;
  private static final int ONE_HALF = 1 << (SCALEBITS - 1);
  /** libjpeg's {@code FIX(x) = round(x * 2^16)} of its four conversion constants. */
  static final int CR_R = fix(1.40200);
  static final int CB_B = fix(1.77200);
  static final int CR_G = fix(0.71414);
  static final int CB_G = fix(0.34414);

  private JpegColour() {}

  /**
   * BGR pixels {@code ... x h x w x 3} uint8 from luma {@code y} ({@code ... x h x w} uint8) and the two chroma
   * planes {@code cbcr} ({@code ... x 2 x ch x cw} uint8, Cb then Cr, at their stored resolution: {@code ceil(h / v)
   * x ceil(w / h)} of the subsampling); leading dimensions are images of one size. The result belongs to the
   * caller's scope.
   */
  public static Tensor toBgr(Tensor y, Tensor cbcr, JpegLayout.Subsampling sub) {
    int nd = (int) y.dim();
    long h = y.size(nd - 2);
    long w = y.size(nd - 1);
    Tensor out;
    try (PointerScope scope = new PointerScope()) {
      // chroma upsampled, less its centre
      Tensor c = upsample(cbcr.to(torch.ScalarType.Int), sub).narrow(nd - 1, 0, h).narrow(nd, 0, w)
          .sub_(new Scalar(128));
      Tensor cb = c.select(nd - 2, 0);
      Tensor cr = c.select(nd - 2, 1);
      Tensor yi = y.to(torch.ScalarType.Int);
      Scalar half = new Scalar(ONE_HALF);
      Scalar bits = new Scalar(SCALEBITS);
      Tensor r = cr.mul(new Scalar(CR_R)).add_(half).__irshift__(bits).add_(yi);
      Tensor b = cb.mul(new Scalar(CB_B)).add_(half).__irshift__(bits).add_(yi);
      Tensor g = cb.mul(new Scalar(-CB_G)).add_(cr, new Scalar(-CR_G)).add_(half).__irshift__(bits).add_(yi);
      ScalarOptional lo = new ScalarOptional(new Scalar(0));
      ScalarOptional hi = new ScalarOptional(new Scalar(255));
      out = torch.stack(new TensorVector(b.clamp_(lo, hi).to(torch.ScalarType.Byte),
          g.clamp_(lo, hi).to(torch.ScalarType.Byte), r.clamp_(lo, hi).to(torch.ScalarType.Byte)), nd);
      out.retainReference();
    }
    return Scopes.handOver(out); // freed with the caller's other temporaries
  }

  /** Fancy upsampling of int32 planes {@code ... x ch x cw} to {@code ... x (v ch) x (h cw)}. */
  static Tensor upsample(Tensor c, JpegLayout.Subsampling sub) {
    if (sub == JpegLayout.Subsampling.S444) {
      return c;
    }
    long rows = c.dim() - 2;
    long cols = c.dim() - 1;
    Tensor three = c.mul(new Scalar(3));
    if (sub == JpegLayout.Subsampling.S422) { // h2v1: (3 near + far + 1 or 2) / 4
      return interleave(three.add(shift(c, cols, -1)).add_(new Scalar(1)).__rshift__(new Scalar(2)),
          three.add(shift(c, cols, 1)).add_(new Scalar(2)).__rshift__(new Scalar(2)), cols);
    }
    // h2v2: column sums 3 near + far row, then across (3 near + far + 8 or 7) / 16
    Tensor v = interleave(three.add(shift(c, rows, -1)), three.add(shift(c, rows, 1)), rows);
    Tensor v3 = v.mul(new Scalar(3));
    return interleave(v3.add(shift(v, cols, -1)).add_(new Scalar(8)).__rshift__(new Scalar(4)),
        v3.add(shift(v, cols, 1)).add_(new Scalar(7)).__rshift__(new Scalar(4)), cols);
  }

  /** The neighbour at {@code step} (-1 or 1) along {@code dim}, edge samples repeated. */
  private static Tensor shift(Tensor t, long dim, int step) {
    long n = t.size(dim);
    if (n == 1) {
      return t;
    }
    return step < 0 ? torch.cat(new TensorVector(t.narrow(dim, 0, 1), t.narrow(dim, 0, n - 1)), dim)
        : torch.cat(new TensorVector(t.narrow(dim, 1, n - 1), t.narrow(dim, n - 1, 1)), dim);
  }

  /** {@code a[0], b[0], a[1], b[1], ...} along {@code dim}. */
  private static Tensor interleave(Tensor a, Tensor b, long dim) {
    long[] shape = a.sizes().vec().get();
    shape[(int) dim] *= 2;
    return torch.stack(new TensorVector(a, b), dim + 1).reshape(shape);
  }

  private static int fix(double x) {
    return (int) (x * (1 << SCALEBITS) + 0.5);
  }
}
