package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final List<String> NAMES = List.of("a", "b");
    private static final float[] GTS = {0, 0, 100, 100, 200, 200, 300, 260, 400, 400, 450, 450};
    private static final int[] GT_CLS = {0, 1, 0};
    private static final float[] PREDS = {
        0, 0, 100, 100,     // p0: label 0, right class -> TP
        200, 200, 300, 260, // p1: label 1 with class a -> predicted a, true b
        600, 600, 650, 650, // p2: nothing there -> FP of b
        400, 400, 450, 450, // p3: conf 0.25 is not above the threshold -> dropped, label 2 missed
        0, 0, 100, 45,      // p4: IoU exactly 0.45 is not above 0.45 -> FP of b
        0, 0, 100, 98,      // p5: IoU 0.98 with label 0, which p0 (IoU 1) takes -> FP of a
    };
    private static final float[] CONF = {0.9f, 0.8f, 0.7f, 0.25f, 0.9f, 0.6f};
    private static final int[] PRED_CLS = {0, 0, 1, 0, 1, 0};

    @Test
    void countsTpWrongClassFpAndFn() {
        ConfusionMatrix cm = new ConfusionMatrix(NAMES);
        cm.process(PREDS, CONF, PRED_CLS, GTS, GT_CLS);
        assertThat(cm.matrix()).isDeepEqualTo(new double[][] {{1, 1, 1}, {0, 0, 2}, {1, 0, 0}});
        assertThat(cm.truePositives()).containsExactly(1, 0);
        assertThat(cm.falsePositives()).containsExactly(2, 2);
    }

    @Test
    void imagesWithoutLabelsOrPredictions() {
        ConfusionMatrix cm = new ConfusionMatrix(NAMES);
        cm.process(new float[] {0, 0, 10, 10, 0, 0, 20, 20}, new float[] {0.5f, 0.1f}, new int[] {1, 0},
                new float[0], new int[0]);
        cm.process(new float[0], new float[0], new int[0], new float[] {0, 0, 10, 10}, new int[] {1});
        assertThat(cm.matrix()).isDeepEqualTo(new double[][] {{0, 0, 0}, {0, 0, 1}, {0, 1, 0}});
    }

    @Test
    void normalizedDividesEachColumnByItsSum() {
        ConfusionMatrix cm = new ConfusionMatrix(NAMES);
        cm.process(PREDS, CONF, PRED_CLS, GTS, GT_CLS);
        double[][] n = cm.normalized();
        Offset<Double> tol = Offset.offset(1e-8);
        assertThat(n[0][0]).isCloseTo(0.5, tol);
        assertThat(n[2][0]).isCloseTo(0.5, tol);
        assertThat(n[0][1]).isCloseTo(1.0, tol);
        assertThat(n[0][2]).isCloseTo(1.0 / 3, tol);
        assertThat(n[1][2]).isCloseTo(2.0 / 3, tol);
        assertThat(n[0][0]).isEqualTo(1.0 / (2 + 1e-9));
    }

    @Test
    void shardsAddUp() {
        ConfusionMatrix a = new ConfusionMatrix(NAMES);
        a.process(PREDS, CONF, PRED_CLS, GTS, GT_CLS);
        ConfusionMatrix b = new ConfusionMatrix(NAMES);
        b.process(new float[0], new float[0], new int[0], new float[] {0, 0, 10, 10}, new int[] {1});
        ConfusionMatrix both = new ConfusionMatrix(NAMES);
        both.process(PREDS, CONF, PRED_CLS, GTS, GT_CLS);
        both.process(new float[0], new float[0], new int[0], new float[] {0, 0, 10, 10}, new int[] {1});
        assertThat(a.add(b).matrix()).isDeepEqualTo(both.matrix());
        assertThat(both.matrix()[2][1]).isEqualTo(1.0);
    }

    @Test
    void validatorConfidenceDefaultMeans025() {
        assertThat(ConfusionMatrix.confFor(0.001)).isEqualTo(0.25f);
        assertThat(ConfusionMatrix.confFor(null)).isEqualTo(0.25f);
        assertThat(ConfusionMatrix.confFor(0.4)).isEqualTo(0.4f);
    }

    @Test
    void rejectsUnknownClasses() {
        ConfusionMatrix cm = new ConfusionMatrix(NAMES);
        assertThatThrownBy(() -> cm.process(new float[] {0, 0, 1, 1}, new float[] {0.9f}, new int[] {2},
                new float[0], new int[0]))
                .hasMessage("predicted class 2 is outside [0, 2) of the 2 class names");
        assertThatThrownBy(() -> cm.add(new ConfusionMatrix(List.of("x"))))
                .hasMessage("cannot add a confusion matrix of classes [x] to one of [a, b]");
    }
}
