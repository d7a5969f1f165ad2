package dev.yolojava.data.loader;

import dev.yolojava.runtime.Scopes;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Renders a {@link RenderPlan} with tensor ops on the plan's device, reproducing the CPU pipeline (OpenCV): tiles
 * painted on a 114-padded canvas, bilinear warp with source coordinates on OpenCV's 1/32-pixel grid and constant
 * border 114, flips folded into the output coordinates, OpenCV's own 8-bit BGR/HSV conversions around the tables
 * (as colour tables), and RGB order. Works in chunks of samples to bound the scratch memory. The caller's PointerScope frees temporaries.
 */
final class PlanRenderer {
  /** Samples rendered at once (scratch grows with it: roughly 60-80 MB per sample at imgsz 640). */
  static final int CHUNK = 16;
  private static final int PAD = 114;

  private PlanRenderer() {}

  /** Returns the uint8 {@code n x 3 x s x s} batch (RGB unless a sample keeps BGR) on {@code pack}'s device. */
  static Tensor render(Tensor pack, long[] meta, Tensor affine, Tensor flags, Tensor lut, int n, int s) {
    RenderProfile.start(pack);
    TensorOptions u8 = new TensorOptions(torch.ScalarType.Byte).device(new DeviceOptional(pack.device()));
    Tensor out = torch.empty(new long[] {n, 3, s, s}, u8, new MemoryFormatOptional());
    try (PointerScope scope = new PointerScope()) {
      Tensor planes = planes(pack);
      RenderProfile.mark(RenderProfile.PLANES);
      for (int b0 = 0; b0 < n; b0 += CHUNK) {
        renderChunk(planes, meta, affine, flags, lut, s, b0, Math.min(CHUNK, n - b0), out);
      }
    }
    return out;
  }

  /**
   * The packed interleaved BGR sources as uint8 planes, {@code 3 x pixels}: one pass, after which every tile is a
   * copy of whole rows (reading the interleaved bytes tile by tile is a strided gather per tile).
   */
  private static Tensor planes(Tensor pack) {
    long px = pack.numel() / 3;
    TensorOptions u8 = new TensorOptions(torch.ScalarType.Byte).device(new DeviceOptional(pack.device()));
    Tensor planes = torch.empty(new long[] {3, Math.max(1, px)}, u8, new MemoryFormatOptional());
    if (px > 0) {
      planes.copy_(pack.narrow(0, 0, 3 * px).view(px, 3).t());
    }
    return planes;
  }

  private static void renderChunk(Tensor planes, long[] meta, Tensor affine, Tensor flags, Tensor lut, int s,
      int b0, int c, Tensor out) {
    try (PointerScope scope = new PointerScope()) { // this chunk's scratch goes as soon as it is copied out
      Tensor f = flags.narrow(0, b0, c).to(torch.ScalarType.Bool);
      Tensor x = warp(planes, meta, affine.narrow(0, b0, c), f, b0, c, s).to(torch.ScalarType.Byte);
      RenderProfile.mark(RenderProfile.WARP);
      if (lut != null) {
        Tensor hsv = hsvJitter(x, lut.narrow(0, b0, c));
        x = hsv.where(f.select(1, 3).view(c, 1, 1, 1), x);
      }
      RenderProfile.mark(RenderProfile.HSV);
      Tensor rgb = x.flip(1).where(f.select(1, 2).logical_not().view(c, 1, 1, 1), x);
      out.narrow(0, b0, c).copy_(rgb);
      RenderProfile.mark(RenderProfile.OUT);
    }
  }

  /** Canvas then warp for samples {@code b0 .. b0+c}: float BGR {@code c x 3 x s x s}, integer valued. */
  private static Tensor warp(Tensor planes, long[] meta, Tensor affine, Tensor flags, int b0, int c, int s) {
    long cs = 2L * s; // the mosaic canvas; a single image sits in its top-left corner
    long px = planes.size(1);
    TensorOptions f32 = new TensorOptions(torch.ScalarType.Float).device(new DeviceOptional(planes.device()));
    Tensor canvas = torch.zeros(new long[] {c, 3, cs, cs}, f32); // 114 less 114: the pad
    Scalar pad = new Scalar((double) PAD); // a float, so uint8 - 114 is computed in float
    for (int i = 0; i < c; i++) {
      for (int t = 0; t < 4; t++) {
        int k = RenderPlan.META * (b0 + i) + RenderPlan.TILE * t;
        long w = meta[k + 4] - meta[k + 2];
        long h = meta[k + 5] - meta[k + 3];
        if (w <= 0 || h <= 0) {
          continue;
        }
        long sw = meta[k + 1];
        // one strided view each side (the tile's rows in the source planes and in the canvas): few JNI calls
        Tensor src = planes.as_strided(new long[] {3, h, w}, new long[] {px, sw, 1},
            new LongOptional(meta[k] / 3 + meta[k + 7] * sw + meta[k + 6]));
        Tensor dst = canvas.as_strided(new long[] {3, h, w}, new long[] {cs * cs, cs, 1},
            new LongOptional(3L * i * cs * cs + meta[k + 3] * cs + meta[k + 2]));
        torch.sub_out(dst, src, pad); // less 114, so the sampler's zero padding is the 114 border
      }
    }
    RenderProfile.mark(RenderProfile.TILES);
    Tensor xs = torch.arange(new Scalar(0), new Scalar(s), f32).view(1, 1, s);
    Tensor ys = torch.arange(new Scalar(0), new Scalar(s), f32).view(1, s, 1);
    Tensor flipped = xs.neg().add(new Scalar(s - 1.0));
    Tensor xw = flipped.where(flags.select(1, 1).view(c, 1, 1), xs);
    Tensor yw = ys.neg().add(new Scalar(s - 1.0)).where(flags.select(1, 0).view(c, 1, 1), ys);
    Tensor u = coord(affine, 0, xw, yw, c);
    Tensor v = coord(affine, 3, xw, yw, c);
    // pixel centre u -> normalised (2u + 1) / size - 1 (align_corners=false)
    Tensor gx = u.mul(new Scalar(2.0 / cs)).add(new Scalar(1.0 / cs - 1.0));
    Tensor gy = v.mul(new Scalar(2.0 / cs)).add(new Scalar(1.0 / cs - 1.0));
    Tensor grid = torch.stack(new TensorVector(gx, gy), 3);
    Tensor x = torch.grid_sampler_2d(canvas, grid, 0, 0, false);
    return x.add_(new Scalar((double) PAD)).round_().clamp_(new ScalarOptional(new Scalar(0)),
        new ScalarOptional(new Scalar(255)));
  }

  /** One canvas coordinate for every output pixel, on OpenCV's 1/32-pixel grid: {@code c x s x s}. */
  private static Tensor coord(Tensor affine, int row, Tensor xw, Tensor yw, int c) {
    Tensor ax = affine.select(1, row).view(c, 1, 1);
    Tensor ay = affine.select(1, row + 1).view(c, 1, 1);
    Tensor a0 = affine.select(1, row + 2).view(c, 1, 1);
    return xw.mul(ax).add(yw.mul(ay)).add(a0).mul(new Scalar(32.0)).round_().div_(new Scalar(32.0));
  }

  /**
   * Ultralytics' HSV jitter on uint8 BGR {@code c x 3 x s x s} with per-sample interleaved tables {@code lut}
   * ({@code c x 768}): OpenCV's BGR to HSV and HSV to BGR are looked up in two colour tables that OpenCV itself
   * filled ({@link ColourTables}), the sample's tables in between, all on packed int32 codes: five gathers and a
   * few bit operations per pixel. Returns uint8 BGR.
   */
  static Tensor hsvJitter(Tensor bgr, Tensor lut) {
    long c = bgr.size(0);
    long px = bgr.size(2) * bgr.size(3);
    Tensor[] t = ColourTables.on(bgr.device());
    Tensor out;
    try (PointerScope scope = new PointerScope()) {
      Tensor x = bgr.view(c, 3, px).to(torch.ScalarType.Int);
      Tensor hsv = t[0].index_select(0, colourCode(x.select(1, 0), x.select(1, 1), x.select(1, 2)).view(-1))
          .view(c, px); // h | s << 8 | v << 16
      // the sample's tables as packed contributions to the HSV code, flat: sample * 256 + value
      Tensor l = lut.view(c, 256, 3).to(torch.ScalarType.Int);
      TensorOptions i32 = new TensorOptions(torch.ScalarType.Int).device(new DeviceOptional(bgr.device()));
      Tensor base = torch.arange(new Scalar(0), new Scalar(c), i32).mul_(new Scalar(256)).view(c, 1);
      Tensor code = null;
      for (int ch = 0; ch < 3; ch++) {
        Tensor table = l.select(2, ch).mul(new Scalar(1 << (16 - 8 * ch))).reshape(-1);
        Tensor value = hsv.__rshift__(new Scalar(8 * ch)).bitwise_and(new Scalar(255)).add_(base);
        Tensor part = table.index_select(0, value.view(-1));
        code = code == null ? part : code.add_(part);
      }
      Tensor packed = t[1].index_select(0, code).view(c, 1, px); // b | g << 8 | r << 16
      out = torch.cat(new TensorVector(packed.bitwise_and(new Scalar(255)),
          packed.__rshift__(new Scalar(8)).bitwise_and(new Scalar(255)), packed.__rshift__(new Scalar(16))), 1)
          .to(torch.ScalarType.Byte).view(bgr.sizes());
      out.retainReference();
    }
    return Scopes.handOver(out); // freed with the caller's other temporaries
  }

  /** {@code (a << 16) | (b << 8) | c} for int32 channels: the row of a colour table. */
  private static Tensor colourCode(Tensor a, Tensor b, Tensor c) {
    return a.mul(new Scalar(1 << 16)).add_(b, new Scalar(1 << 8)).add_(c);
  }

}
