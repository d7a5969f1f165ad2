package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-made cases; NumPy values are from {@code metrics/numpy_reference.py}'s functions on the same inputs. */
class DetMetricsTest {

    private static final float[] GT0 = {0, 0, 100, 100};
    private static final float[] GT1 = {200, 200, 300, 260};

    private static float[] concat(float[]... boxes) {
        int n = 0;
        for (float[] b : boxes) {
            n += b.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] b : boxes) {
            System.arraycopy(b, 0, out, k, b.length);
            k += b.length;
        }
        return out;
    }

    private static DetMetrics single(List<String> names, float[] preds, float[] conf, int[] predCls, float[] gts,
                                     int[] gtCls) {
        return DetMetrics.compute(new BoxStats().add(ImageStats.compute(0, preds, conf, predCls, gts, gtCls)), names);
    }

    @Test
    void perfectPredictionsScore0995AsUltralytics() {
        // AP integrates the 101-point envelope, which is 0 at recall 1: a perfect class scores 0.995, not 1.
        DetMetrics m = single(List.of("a", "b"), concat(GT0, GT1), new float[] {0.9f, 0.8f}, new int[] {0, 1},
                concat(GT0, GT1), new int[] {0, 1});
        assertThat(m.mp()).isEqualTo(1.0);
        assertThat(m.mr()).isEqualTo(1.0);
        assertThat(m.map50()).isEqualTo(0.995);
        assertThat(m.map()).isEqualTo(0.9950000000000001); // NumPy: ap.mean() over 20 values of 0.995
        assertThat(m.ap(0)).isEqualTo(0.9949999999999999);
        assertThat(m.fitness()).isEqualTo(m.map());
        assertThat(m.maps()).containsExactly(0.9949999999999999, 0.9949999999999999);
    }

    @Test
    void classWithoutPredictionsHasApZero() {
        DetMetrics m = single(List.of("a", "b", "c"), GT0.clone(), new float[] {0.9f}, new int[] {0},
                concat(GT0, GT1), new int[] {0, 1});
        assertThat(m.apClassIndex()).containsExactly(0, 1);
        assertThat(m.ap(1)).isEqualTo(0.0);
        assertThat(m.ap50(1)).isEqualTo(0.0);
        assertThat(m.precision(1)).isEqualTo(0.0);
        assertThat(m.recall(1)).isEqualTo(0.0);
        assertThat(m.map50()).isEqualTo(0.4975);
        assertThat(m.map()).isEqualTo(0.49749999999999994);
        assertThat(m.mp()).isEqualTo(0.5);
        // class 2 has no labels: Ultralytics fills its maps entry with the overall mAP
        assertThat(m.maps()).containsExactly(0.9949999999999999, 0.0, 0.49749999999999994);
    }

    @Test
    void duplicatePredictionLowersPrecision() {
        DetMetrics m = single(List.of("a"), concat(GT0, new float[] {0, 0, 100, 99}), new float[] {0.9f, 0.6f},
                new int[] {0, 0}, GT0, new int[] {0});
        ApPerClass.Result c = m.curves();
        assertThat(c.pCurve()[0][0]).isEqualTo(0.5); // at confidence 0 both count: 1 TP of 2
        assertThat(c.pCurve()[0][999]).isEqualTo(1.0); // above every confidence: Ultralytics' left=1
        assertThat(m.map50()).isEqualTo(0.995); // the duplicate ranks below the TP, so AP is unchanged
        assertThat(c.bestIndex()).isEqualTo(849);
        assertThat(m.mp()).isEqualTo(0.9164164428675976); // NumPy: p interpolated between conf 0.9 and 0.6
        assertThat(m.mr()).isEqualTo(1.0);
        assertThat(m.f1(0)).isEqualTo(0.9563854936418028);
        assertThat(c.tp()[0]).isEqualTo(1.0);
        assertThat(c.fp()[0]).isEqualTo(0.0);
    }

    @Test
    void lowIouDuplicateWinningTheLabelCostsApAtHighThresholds() {
        DetMetrics m = single(List.of("a"), new float[] {0, 0, 100, 60, 0, 0, 100, 90}, new float[] {0.9f, 0.8f},
                new int[] {0, 0}, GT0, new int[] {0});
        // IoU 0.50-0.60: the top-ranked prediction is the TP; 0.65-0.90: only the second one is (precision 0, 1/2,
        // envelope 0.5 -> AP 0.4975); 0.95: none
        assertThat(m.apPerIou(0)).containsExactly(0.995, 0.995, 0.995, 0.4975, 0.4975, 0.4975, 0.4975, 0.4975,
                0.4975, 0.0);
        assertThat(m.map()).isEqualTo(0.597); // NumPy value
        assertThat(m.mp()).isEqualTo(0.7492492787830924);
    }

    @Test
    void imagesWithoutLabelsOrPredictionsCount() {
        BoxStats stats = new BoxStats()
                .add(ImageStats.compute(0, GT0.clone(), new float[] {0.9f}, new int[] {0}, GT0, new int[] {0}))
                .add(ImageStats.compute(1, new float[0], new float[0], new int[0], new float[0], new int[0]))
                .add(ImageStats.compute(2, GT1.clone(), new float[] {0.7f}, new int[] {0}, new float[0], new int[0]));
        DetMetrics m = DetMetrics.compute(stats, List.of("a", "b"));
        assertThat(m.numImages()).isEqualTo(3);
        assertThat(m.numInstances()).isEqualTo(1);
        assertThat(m.ntPerImage()).containsExactly(1, 0);
        assertThat(m.curves().pCurve()[0][0]).isEqualTo(0.5); // background FP of image 2 counts
    }

    @Test
    void noLabelsAtAllGivesZeros() {
        DetMetrics m = single(List.of("a"), GT0.clone(), new float[] {0.9f}, new int[] {0}, new float[0], new int[0]);
        assertThat(m.meanResults()).containsExactly(0.0, 0.0, 0.0, 0.0);
        assertThat(m.maps()).containsExactly(0.0);
        assertThat(m.fitness()).isEqualTo(0.0);
    }

    @Test
    void shardedMergeIsBitIdenticalToASinglePass() {
        List<SyntheticImages.Image> images = SyntheticImages.generate(7L, 64, 6);
        List<String> names = List.of("c0", "c1", "c2", "c3", "c4", "c5");
        BoxStats single = new BoxStats();
        for (int i = 0; i < images.size(); i++) {
            single.add(images.get(i).stats(i));
        }
        DetMetrics expected = DetMetrics.compute(single, names);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        BoxStats[] shards = {new BoxStats(), new BoxStats(), new BoxStats()};
        int[] ends = {7, 40, 64}; // uneven: 7, 33, 24 images in shuffled order
        for (int k = 0, s = 0; k < order.size(); k++) {
            if (k == ends[s]) {
                s++;
            }
            int i = order.get(k);
            shards[s].add(images.get(i).stats(i));
        }
        assertThat(shards[0].numImages()).isEqualTo(7);
        DetMetrics merged = DetMetrics.compute(BoxStats.merge(List.of(shards[2], shards[0], shards[1])), names);

        assertThat(expected.map()).isGreaterThan(0.05);
        assertThat(merged.map()).isEqualTo(expected.map());
        assertThat(merged.map50()).isEqualTo(expected.map50());
        assertThat(merged.map75()).isEqualTo(expected.map75());
        assertThat(merged.mp()).isEqualTo(expected.mp());
        assertThat(merged.mr()).isEqualTo(expected.mr());
        assertThat(merged.maps()).isEqualTo(expected.maps());
        assertThat(merged.numImages()).isEqualTo(64);
        assertThat(merged.ntPerImage()).isEqualTo(expected.ntPerImage());
        assertThat(merged.curves().pCurve()).isDeepEqualTo(expected.curves().pCurve());
        assertThat(merged.curves().f1Curve()).isDeepEqualTo(expected.curves().f1Curve());
        assertThat(merged.curves().ap()).isDeepEqualTo(expected.curves().ap());
        assertThat(merged.toJson()).isEqualTo(expected.toJson());
    }

    @Test
    void rejectsDuplicateImagesAndUnknownClasses() {
        BoxStats stats = new BoxStats().add(new ImageStats(5, new boolean[0][], new float[0], new int[0],
                new int[] {0}));
        assertThatThrownBy(() -> stats.add(new ImageStats(5, new boolean[0][], new float[0], new int[0], new int[0])))
                .hasMessage("image 5 is already in these stats");
        BoxStats bad = new BoxStats().add(new ImageStats(0, new boolean[0][], new float[0], new int[0],
                new int[] {2}));
        assertThatThrownBy(() -> DetMetrics.compute(bad, List.of("a", "b")))
                .hasMessage("label class 2 is outside [0, 2) of the 2 class names");
    }
}
