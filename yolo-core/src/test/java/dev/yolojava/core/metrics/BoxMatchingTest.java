package dev.yolojava.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoxMatchingTest {

    private static final float[] GT = {0, 0, 100, 100};

    private static boolean[] row(int... onesAt) {
        boolean[] r = new boolean[BoxMatching.NUM_IOU];
        for (int i : onesAt) {
            r[i] = true;
        }
        return r;
    }

    @Test
    void boxIouIsIntersectionOverUnionInFloat32() {
        float[][] iou = BoxMatching.boxIou(GT, new float[] {50, 0, 150, 100, 200, 200, 210, 210, 0, 0, 100, 100});
        assertThat(iou[0][0]).isEqualTo(5000f / (20000f - 5000f + 1e-7f));
        assertThat(iou[0][0]).isCloseTo(1f / 3f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(iou[0][1]).isEqualTo(0f);
        assertThat(iou[0][2]).isEqualTo(1f);
    }

    @Test
    void iouThresholdsAreFloat32Steps() {
        assertThat(BoxMatching.iouThresholds()).containsExactly(0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f,
                0.9f, 0.95f);
    }

    @Test
    void iouOf052IsCorrectAt050ButNotAt055() {
        float[] pred = {0, 0, 100, 52}; // inter 5200 / union 10000
        assertThat(BoxMatching.boxIou(GT, pred)[0][0]).isEqualTo(0.52f);
        ImageStats s = ImageStats.compute(0, pred, new float[] {0.9f}, new int[] {0}, GT, new int[] {0});
        assertThat(s.tp()[0]).containsExactly(row(0));
    }

    @Test
    void iouEqualToAThresholdCounts() {
        ImageStats s = ImageStats.compute(0, new float[] {0, 0, 100, 55}, new float[] {0.9f}, new int[] {0}, GT,
                new int[] {0});
        assertThat(s.tp()[0]).containsExactly(row(0, 1)); // IoU 0.55f >= 0.55f, < 0.6f
    }

    @Test
    void duplicateDetectionIsAFalsePositive() {
        float[] preds = {0, 0, 100, 100, 0, 0, 100, 99};
        ImageStats s = ImageStats.compute(0, preds, new float[] {0.9f, 0.6f}, new int[] {0, 0}, GT, new int[] {0});
        assertThat(s.tp()[0]).containsExactly(row(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThat(s.tp()[1]).containsExactly(row());
    }

    @Test
    void wrongClassIsNeverCorrect() {
        ImageStats s = ImageStats.compute(0, GT.clone(), new float[] {0.9f}, new int[] {1}, GT, new int[] {0});
        assertThat(s.tp()[0]).containsExactly(row());
    }

    @Test
    void labelGoesToTheLowestIndexPredictionNotTheBestIou() {
        // Ultralytics keeps the first pair per label in prediction order after the per-prediction pass, so
        // prediction 0 (IoU 0.6) wins at 0.50-0.60 over prediction 1 (IoU 0.9); NumPy reference agrees.
        float[] preds = {0, 0, 100, 60, 0, 0, 100, 90};
        ImageStats s = ImageStats.compute(0, preds, new float[] {0.9f, 0.8f}, new int[] {0, 0}, GT, new int[] {0});
        assertThat(s.tp()[0]).containsExactly(row(0, 1, 2));
        assertThat(s.tp()[1]).containsExactly(row(3, 4, 5, 6, 7, 8));
    }

    @Test
    void eachPredictionTakesItsBestLabel() {
        float[] gts = {0, 0, 100, 100, 0, 0, 100, 80};
        float[] pred = {0, 0, 100, 82}; // IoU 0.82 with label 0, 80/82 with label 1
        ImageStats s = ImageStats.compute(0, pred, new float[] {0.9f}, new int[] {0}, gts, new int[] {0, 0});
        assertThat(s.tp()[0]).containsExactly(row(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> ImageStats.compute(3, new float[] {0, 0, 1, 1}, new float[] {0.5f, 0.4f},
                new int[] {0}, GT, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image 3: 1 predicted boxes but 2 confidences and 1 classes");
        assertThatThrownBy(() -> BoxMatching.boxIou(new float[] {0, 0, 1}, GT))
                .hasMessage("boxes1: length 3 is not a multiple of 4 (x1 y1 x2 y2 per box)");
    }
}
