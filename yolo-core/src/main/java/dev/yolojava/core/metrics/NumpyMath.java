package dev.yolojava.core.metrics;

/**
 * The few NumPy routines Ultralytics' metrics rely on, reproduced with NumPy's exact evaluation order so that the
 * results are bit-identical to NumPy 2.x (float64) rather than merely close.
 */
final class NumpyMath {

    /** NumPy's pairwise-summation block size (PW_BLOCKSIZE). */
    private static final int PAIRWISE_BLOCK = 128;

    private NumpyMath() {
    }

    /** {@code np.linspace(start, stop, num)}: {@code i * step + start}, with the last element set to {@code stop}. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 0) {
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        if (num > 1) {
            y[num - 1] = stop;
        }
        return y;
    }

    /** {@code np.interp(x, xp, fp)} with the default {@code left = fp[0]}, {@code right = fp[-1]}. */
    static double[] interp(double[] x, double[] xp, double[] fp) {
        return interp(x, xp, fp, fp[0], fp[fp.length - 1]);
    }

    /**
     * {@code np.interp(x, xp, fp, left, right)} for non-decreasing {@code xp} (duplicates allowed): for each query the
     * interval {@code xp[j] <= v < xp[j+1]} is used, a query equal to {@code xp[j]} or to the last knot takes
     * {@code fp[j]} as NumPy does, and the slope is evaluated as {@code (fp[j+1]-fp[j])/(xp[j+1]-xp[j])}.
     */
    static double[] interp(double[] x, double[] xp, double[] fp, double left, double right) {
        int n = xp.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (Double.isNaN(v)) {
                out[i] = v;
                continue;
            }
            int j = upperBound(xp, v) - 1;
            if (v > xp[n - 1]) {
                out[i] = right;
            } else if (j == -1) {
                out[i] = left;
            } else if (j == n - 1 || xp[j] == v) {
                out[i] = fp[j];
            } else {
                double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
                double r = slope * (v - xp[j]) + fp[j];
                if (Double.isNaN(r)) { // NumPy retries from the right knot, then falls back to a flat segment
                    r = slope * (v - xp[j + 1]) + fp[j + 1];
                    if (Double.isNaN(r) && fp[j] == fp[j + 1]) {
                        r = fp[j];
                    }
                }
                out[i] = r;
            }
        }
        return out;
    }

    /** Number of elements of the sorted array {@code a} that are {@code <= key}. */
    private static int upperBound(double[] a, double key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (key >= a[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code np.trapezoid(y, x)}: {@code sum(diff(x) * (y[1:] + y[:-1]) / 2.0)} with NumPy's pairwise sum. */
    static double trapezoid(double[] y, double[] x) {
        int n = y.length - 1;
        if (n <= 0) {
            return 0.0;
        }
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }
        return sum(terms, 0, n, 1);
    }

    /** {@code a.sum()} of a whole array. */
    static double sum(double[] a) {
        return sum(a, 0, a.length, 1);
    }

    /** {@code a.mean()} of a whole array (NaN for an empty one, as NumPy). */
    static double mean(double[] a) {
        return sum(a) / a.length;
    }

    /**
     * NumPy's float64 {@code add.reduce} over {@code n} elements starting at {@code offset} with {@code stride}: below
     * 8 elements a plain loop, up to 128 eight interleaved accumulators, above that a recursive halving.
     */
    static double sum(double[] a, int offset, int n, int stride) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[offset + i * stride];
            }
            return res;
        }
        if (n <= PAIRWISE_BLOCK) {
            double[] r = new double[8];
            for (int k = 0; k < 8; k++) {
                r[k] = a[offset + k * stride];
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int k = 0; k < 8; k++) {
                    r[k] += a[offset + (i + k) * stride];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[offset + i * stride];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return sum(a, offset, n2, stride) + sum(a, offset + n2 * stride, n - n2, stride);
    }

    /**
     * Ultralytics' {@code smooth(y, f)}: a box filter of {@code round(len * f * 2) // 2 + 1} taps over {@code y} padded
     * with its end values. NumPy's {@code convolve} delegates the dot products to BLAS, whose summation order depends
     * on the CPU; a plain left-to-right sum is used here (it can differ from NumPy in the last bit, which only matters
     * where two grid points tie in smoothed F1 to within rounding).
     */
    static double[] smooth(double[] y, double f) {
        long nf = Math.floorDiv((long) Math.rint(y.length * f * 2), 2L) + 1;
        int pad = (int) (nf / 2);
        double[] padded = new double[y.length + 2 * pad];
        for (int i = 0; i < pad; i++) {
            padded[i] = y[0];
            padded[pad + y.length + i] = y[y.length - 1];
        }
        System.arraycopy(y, 0, padded, pad, y.length);
        double w = 1.0 / nf;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double s = 0.0;
            for (int k = 0; k < nf; k++) {
                s += padded[i + k] * w;
            }
            out[i] = s;
        }
        return out;
    }

    /** {@code np.argmax}: the first maximum, or the first NaN if there is one (NumPy treats NaN as the maximum). */
    static int argmax(double[] a) {
        int best = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i])) {
                return i;
            }
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
