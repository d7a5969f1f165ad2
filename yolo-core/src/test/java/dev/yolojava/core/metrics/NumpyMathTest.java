package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** NumPy-order numerics; expected values are NumPy 2.4 outputs noted next to each assertion. */
class NumpyMathTest {

    @Test
    void sumIsPairwiseLikeNumpyNotSequential() {
        double[] tenths = new double[10];
        Arrays.fill(tenths, 0.1);
        assertThat(NumpyMath.sum(tenths)).isEqualTo(1.0); // np.full(10, 0.1).sum(); a plain loop gives 0.9999999999999999
        double[] a = new double[200];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.1 * (i % 7) + 1e-3 * i;
        }
        assertThat(NumpyMath.sum(a)).isEqualTo(79.30000000000001); // recursive halving above 128 elements
    }

    @Test
    void linspaceMultipliesTheStep() {
        double[] x = NumpyMath.linspace(0, 1, 1000);
        assertThat(x[3]).isEqualTo(0.003003003003003003);
        assertThat(x[999]).isEqualTo(1.0);
        assertThat(NumpyMath.linspace(0, 1, 101)[7]).isEqualTo(7 * 0.01);
    }

    @Test
    void interpTakesTheLastOfDuplicateKnotsAndClampsOutside() {
        double[] y = NumpyMath.interp(new double[] {0.5, 1.0, 1.5, -1, 3}, new double[] {0, 1, 1, 2},
                new double[] {0, 1, 3, 5}, 0.0, 9.0);
        assertThat(y).containsExactly(0.5, 3.0, 4.0, 0.0, 9.0);
    }

    @Test
    void trapezoidMatchesNumpy() {
        double[] x = NumpyMath.linspace(0, 1, 101);
        double[] y = Arrays.stream(x).map(v -> v * v).toArray();
        assertThat(NumpyMath.trapezoid(y, x)).isEqualTo(0.33335000000000004); // np.trapezoid(x**2, x)
    }

    @Test
    void smoothUses101TapsForAThousandPointsAndPadsWithEndValues() {
        double[] y = new double[1000];
        y[500] = 101.0;
        double[] s = NumpyMath.smooth(y, 0.1);
        assertThat(s[449]).isEqualTo(0.0);
        assertThat(s[450]).isEqualTo(1.0);
        assertThat(s[550]).isEqualTo(1.0);
        assertThat(s[551]).isEqualTo(0.0);
        double[] ramp = new double[1000];
        Arrays.fill(ramp, 2.0);
        ramp[0] = 103.0; // padded with 50 copies of the first value: window 0 sums 51 * 103 + 50 * 2
        assertThat(NumpyMath.smooth(ramp, 0.1)[0]).isCloseTo((51 * 103.0 + 50 * 2.0) / 101, within(1e-12));
    }

    @Test
    void argmaxReturnsTheFirstMaximumOrFirstNan() {
        assertThat(NumpyMath.argmax(new double[] {1, 3, 3, 2})).isEqualTo(1);
        assertThat(NumpyMath.argmax(new double[] {1, Double.NaN, 3})).isEqualTo(1);
    }

    private static org.assertj.core.data.Offset<Double> within(double v) {
        return org.assertj.core.data.Offset.offset(v);
    }
}
