package dev.yolojava.data.loader;

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
 * border 114, flips folded into the output coordinates, OpenCV's 8-bit BGR/HSV conversions around the tables, and
 * RGB order. Works in chunks of samples to bound the scratch memory. The caller's PointerScope frees temporaries.
 */
final class PlanRenderer {
  /** Samples rendered at once (scratch grows with it: roughly 60-80 MB per sample at imgsz 640). */
  static final int CHUNK = 16;
  private static final int PAD = 114;

  private PlanRenderer() {}

  /** Returns the uint8 {@code n x 3 x s x s} batch (RGB unless a sample keeps BGR) on {@code pack}'s device. */
  static Tensor render(Tensor pack, long[] meta, Tensor affine, Tensor flags, Tensor lut, int n, int s) {
    TensorOptions u8 = new TensorOptions(torch.ScalarType.Byte).device(new DeviceOptional(pack.device()));
    Tensor out = torch.empty(new long[] {n, 3, s, s}, u8, new MemoryFormatOptional());
    for (int b0 = 0; b0 < n; b0 += CHUNK) {
      renderChunk(pack, meta, affine, flags, lut, s, b0, Math.min(CHUNK, n - b0), out);
    }
    return out;
  }

  private static void renderChunk(Tensor pack, long[] meta, Tensor affine, Tensor flags, Tensor lut, int s, int b0,
      int c, Tensor out) {
    try (PointerScope scope = new PointerScope()) { // this chunk's scratch goes as soon as it is copied out
      Tensor f = flags.narrow(0, b0, c).to(torch.ScalarType.Bool);
      Tensor x = warp(pack, meta, affine.narrow(0, b0, c), f, b0, c, s);
      if (lut != null) {
        Tensor hsv = hsvJitter(x, lut.narrow(0, b0, c));
        x = hsv.where(f.select(1, 3).view(c, 1, 1, 1), x);
      }
      Tensor rgb = x.flip(1).where(f.select(1, 2).logical_not().view(c, 1, 1, 1), x);
      out.narrow(0, b0, c).copy_(rgb);
    }
  }

  /** Canvas then warp for samples {@code b0 .. b0+c}: float BGR {@code c x 3 x s x s}, integer valued. */
  private static Tensor warp(Tensor pack, long[] meta, Tensor affine, Tensor flags, int b0, int c, int s) {
    long cs = 2L * s; // the mosaic canvas; a single image sits in its top-left corner
    TensorOptions f32 = new TensorOptions(torch.ScalarType.Float).device(new DeviceOptional(pack.device()));
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
        // one strided view each side (CHW over the packed HWC source, the tile's window of the canvas): few JNI calls
        Tensor src = pack.as_strided(new long[] {3, h, w}, new long[] {1, 3 * sw, 3},
            new LongOptional(meta[k] + 3 * (meta[k + 7] * sw + meta[k + 6])));
        Tensor dst = canvas.as_strided(new long[] {3, h, w}, new long[] {cs * cs, cs, 1},
            new LongOptional(3L * i * cs * cs + meta[k + 3] * cs + meta[k + 2]));
        torch.sub_out(dst, src, pad); // stored less 114 so the sampler's zero padding is the 114 border
      }
    }
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
   * OpenCV's 8-bit BGR to HSV (hue 0..179), the per-sample tables, and its 8-bit HSV to BGR, on integer-valued
   * float BGR {@code c x 3 x s x s}. Integer maths in int32; temporaries are freed stage by stage.
   */
  static Tensor hsvJitter(Tensor bgr, Tensor lut) {
    long c = bgr.size(0);
    long s2 = bgr.size(2) * bgr.size(3);
    Tensor h2;
    Tensor s2f;
    Tensor v2;
    try (PointerScope scope = new PointerScope()) {
      Tensor x = bgr.to(torch.ScalarType.Int).view(c, 3, s2);
      Tensor b = x.select(1, 0);
      Tensor g = x.select(1, 1);
      Tensor r = x.select(1, 2);
      Tensor v = b.maximum(g).maximum(r);
      Tensor diff = v.sub(b.minimum(g).minimum(r));
      Tensor[] divs = tables(x.device());
      Scalar half = new Scalar(1 << 11);
      Scalar one = new Scalar(1 << 12);
      Tensor vl = v.to(torch.ScalarType.Long);
      // products reach 255 * 1044480: int32 is enough
      Tensor sat = diff.mul(divs[0].take(vl)).add_(half).floor_divide_(one);
      Tensor hr = r.sub(g).add_(diff.mul(new Scalar(4)));
      hr = b.sub(r).add_(diff.mul(new Scalar(2))).where(v.eq(g), hr);
      hr = g.sub(b).where(v.eq(r), hr);
      Tensor hue = hr.mul_(divs[1].take(diff.to(torch.ScalarType.Long))).add_(half).floor_divide_(one);
      hue = hue.add(new Scalar(180)).where(hue.lt(new Scalar(0)), hue);
      Tensor t = lut.to(torch.ScalarType.Long);
      h2 = t.gather(1, hue.to(torch.ScalarType.Long).mul_(new Scalar(3))).to(torch.ScalarType.Float);
      s2f = t.gather(1, sat.to(torch.ScalarType.Long).mul_(new Scalar(3)).add_(new Scalar(1)))
          .to(torch.ScalarType.Float);
      v2 = t.gather(1, vl.mul(new Scalar(3)).add_(new Scalar(2))).to(torch.ScalarType.Float);
      for (Tensor keep : new Tensor[] {h2, s2f, v2}) {
        keep.retainReference();
      }
    }
    Tensor out;
    try (PointerScope scope = new PointerScope()) {
      // HSV2RGB_f: h in sextants, s and v in [0, 1]
      Tensor hf = h2.mul_(new Scalar(6.0f / 180));
      Tensor sf = s2f.mul_(new Scalar(1.0f / 255));
      Tensor vf = v2.mul_(new Scalar(1.0f / 255));
      Tensor sector = hf.floor();
      Tensor fh = hf.sub(sector);
      Tensor tab1 = vf.mul(sf.neg().add_(new Scalar(1.0)));
      Tensor tab2 = vf.mul(sf.mul(fh).neg_().add_(new Scalar(1.0)));
      Tensor tab3 = vf.mul(sf.mul(fh.neg().add_(new Scalar(1.0))).neg_().add_(new Scalar(1.0)));
      Tensor tabs = torch.stack(new TensorVector(vf, tab1, tab2, tab3), 1); // c x 4 x s2
      Tensor sec = sector.to(torch.ScalarType.Long).clamp_(new ScalarOptional(new Scalar(0)),
          new ScalarOptional(new Scalar(5)));
      Tensor pick = tables(bgr.device())[2];
      Tensor[] ch = new Tensor[3];
      for (int k = 0; k < 3; k++) {
        Tensor idx = pick.select(0, k).take(sec).unsqueeze(1);
        ch[k] = tabs.gather(1, idx).squeeze(1);
      }
      // OpenCV's vectorised path (all but a row's last few pixels) truncates rather than rounds
      out = torch.stack(new TensorVector(ch[0], ch[1], ch[2]), 1).mul_(new Scalar(255.0f)).floor_()
          .view(bgr.sizes());
      out.retainReference();
    } finally {
      h2.releaseReference();
      s2f.releaseReference();
      v2.releaseReference();
    }
    // into the caller's scope, which frees it with the chunk's other temporaries
    PointerScope outer = PointerScope.getInnerScope();
    if (outer != null) {
      outer.attach(out);
      out.releaseReference();
    }
    return out;
  }

  /** Per device, built once: OpenCV's fixed-point divisors and its HSV-to-BGR sector table. */
  private static final java.util.Map<String, Tensor[]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * {@code [0]} {@code round((255 << 12) / v)}, {@code [1]} {@code round((180 << 12) / (6 d))} (int32, 256 each);
   * {@code [2]} for sextant 0..5, which of (v, p, q, t) is b, g and r (int64, rows b, g, r). Cached because a copy
   * from host memory would make the rendering thread wait for the device.
   */
  private static Tensor[] tables(org.bytedeco.pytorch.Device device) {
    return TABLES.computeIfAbsent(device.str().getString(), k -> {
      try (PointerScope scope = new PointerScope()) {
        long[] sdiv = new long[256];
        long[] hdiv = new long[256];
        for (int i = 1; i < 256; i++) {
          sdiv[i] = Math.round((255 << 12) / (double) i);
          hdiv[i] = Math.round((180 << 12) / (6.0 * i));
        }
        int[][] sd = {{1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}};
        long[] pick = new long[18];
        for (int sec = 0; sec < 6; sec++) {
          for (int ch = 0; ch < 3; ch++) {
            pick[6 * ch + sec] = sd[sec][ch];
          }
        }
        Tensor[] t = {longs(sdiv, device).to(torch.ScalarType.Int), longs(hdiv, device).to(torch.ScalarType.Int),
            longs(pick, device).view(3, 6)};
        for (Tensor x : t) {
          x.retainReference(); // lives as long as the process, like the device
        }
        return t;
      }
    });
  }

  private static Tensor longs(long[] v, org.bytedeco.pytorch.Device device) {
    Tensor t = torch.empty(new long[] {v.length}, new TensorOptions(torch.ScalarType.Long), new MemoryFormatOptional());
    try (org.bytedeco.javacpp.LongPointer p = new org.bytedeco.javacpp.LongPointer(t.data_ptr())) {
      p.put(v);
    }
    return t.to(device, torch.ScalarType.Long);
  }
}
