package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compares the whole pipeline (IoU, matching, AP, P/R at max F1) with NumPy on a synthetic set of 40 images, 5 classes,
 * 162 predictions and 95 labels. Expected values were produced by {@code src/test/resources/metrics/numpy_reference.py}
 * (NumPy 2.4, an independent re-implementation of Ultralytics 8.4.90's semantics on the same LCG-generated data) and
 * pasted here. All compare bit for bit.
 */
class DetMetricsNumpyCrossCheckTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    private static BoxStats stats() {
        BoxStats stats = new BoxStats();
        List<SyntheticImages.Image> images = SyntheticImages.generate(20240611L, 40, 5);
        for (int i = 0; i < images.size(); i++) {
            stats.add(images.get(i).stats(i));
        }
        return stats;
    }

    private static DetMetrics metrics() {
        return DetMetrics.compute(stats(), NAMES);
    }

    @Test
    void matchingCountsEqualNumpy() {
        BoxStats.Concatenated all = stats().concatenated();
        assertThat(all.conf()).hasSize(162);
        assertThat(all.targetCls()).hasSize(95);
        int[] perThreshold = new int[BoxMatching.NUM_IOU];
        for (boolean[] row : all.tp()) {
            for (int t = 0; t < row.length; t++) {
                perThreshold[t] += row[t] ? 1 : 0;
            }
        }
        assertThat(perThreshold).containsExactly(59, 56, 52, 44, 40, 32, 23, 7, 1, 0);
    }

    @Test
    void meanMetricsEqualNumpy() {
        DetMetrics m = metrics();
        assertThat(m.apClassIndex()).containsExactly(0, 1, 2, 3, 4);
        assertThat(m.ntPerClass()).containsExactly(12, 26, 17, 21, 19);
        assertThat(m.curves().bestIndex()).isEqualTo(102);
        assertThat(m.mp()).isEqualTo(0.3632275297703086);
        assertThat(m.mr()).isEqualTo(0.5659658838224383);
        assertThat(m.map50()).isEqualTo(0.28520022648135884);
        assertThat(m.map75()).isEqualTo(0.11389228396761888);
        assertThat(m.map()).isEqualTo(0.12692974911749455);
        assertThat(m.fitness()).isEqualTo(0.12692974911749455);
    }

    @Test
    void perClassMetricsEqualNumpy() {
        DetMetrics m = metrics();
        double[] p = {0.17631793376158128, 0.45696816642560006, 0.360824549251009, 0.46628856463500645,
            0.3557384347783463};
        double[] r = {0.2327968211716635, 0.6153846153846154, 0.5882352941176471, 0.6666666666666666,
            0.7267460217715984};
        double[] f1 = {0.20065888115890393, 0.5244751244345622, 0.4472841967481447, 0.548757858212725,
            0.4776631954428253};
        double[] ap = {0.028523809523809524, 0.16780515250811306, 0.10453627352990172, 0.15051041867489237,
            0.18327309135075615};
        double[] ap50 = {0.058333333333333334, 0.38493221690590124, 0.2276570048309179, 0.4234432234432235,
            0.33163535389341836};
        for (int i = 0; i < 5; i++) {
            assertThat(m.precision(i)).as("p[%d]", i).isEqualTo(p[i]);
            assertThat(m.recall(i)).as("r[%d]", i).isEqualTo(r[i]);
            assertThat(m.f1(i)).as("f1[%d]", i).isEqualTo(f1[i]);
            assertThat(m.ap(i)).as("ap[%d]", i).isEqualTo(ap[i]);
            assertThat(m.ap50(i)).as("ap50[%d]", i).isEqualTo(ap50[i]);
        }
        assertThat(m.maps()).containsExactly(ap);
    }
}
