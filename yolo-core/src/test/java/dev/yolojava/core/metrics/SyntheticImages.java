package dev.yolojava.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic validation images from a 64-bit LCG, generated exactly as {@code metrics/numpy_reference.py} does so that
 * the NumPy results of that script apply: labels with random boxes and classes, 0-2 jittered detections per label
 * (sometimes of the wrong class) and a few background false positives, confidences distinct float32 values.
 */
final class SyntheticImages {

    /** One image's predictions and labels (flat xyxy boxes). */
    record Image(float[] predBoxes, float[] conf, int[] predCls, float[] gtBoxes, int[] gtCls) {
        ImageStats stats(int index) {
            return ImageStats.compute(index, predBoxes, conf, predCls, gtBoxes, gtCls);
        }
    }

    private long state;

    private SyntheticImages(long seed) {
        this.state = seed;
    }

    private int nextInt(int n) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        return (int) Long.remainderUnsigned(state >>> 33, n);
    }

    private float nextConf() {
        return (float) (1 + nextInt(99991)) / 99992f;
    }

    static List<Image> generate(long seed, int numImages, int numClasses) {
        SyntheticImages rng = new SyntheticImages(seed);
        List<Image> images = new ArrayList<>();
        for (int im = 0; im < numImages; im++) {
            List<float[]> gtBoxes = new ArrayList<>();
            List<Integer> gtCls = new ArrayList<>();
            int nGt = rng.nextInt(6);
            for (int k = 0; k < nGt; k++) {
                int x = rng.nextInt(500);
                int y = rng.nextInt(400);
                int w = 20 + rng.nextInt(120);
                int h = 20 + rng.nextInt(120);
                gtBoxes.add(new float[] {x, y, x + w, y + h});
                gtCls.add(rng.nextInt(numClasses));
            }
            List<float[]> predBoxes = new ArrayList<>();
            List<Float> conf = new ArrayList<>();
            List<Integer> predCls = new ArrayList<>();
            for (int g = 0; g < nGt; g++) {
                float[] b = gtBoxes.get(g);
                int copies = rng.nextInt(3);
                for (int k = 0; k < copies; k++) {
                    float[] box = new float[4];
                    for (int q = 0; q < 4; q++) {
                        box[q] = b[q] + (rng.nextInt(21) - 10);
                    }
                    predBoxes.add(box);
                    predCls.add(rng.nextInt(5) != 0 ? gtCls.get(g) : rng.nextInt(numClasses));
                    conf.add(rng.nextConf());
                }
            }
            int nFp = rng.nextInt(4);
            for (int k = 0; k < nFp; k++) {
                int x = rng.nextInt(500);
                int y = rng.nextInt(400);
                int x2 = x + 10 + rng.nextInt(100);
                int y2 = y + 10 + rng.nextInt(100);
                predBoxes.add(new float[] {x, y, x2, y2});
                predCls.add(rng.nextInt(numClasses));
                conf.add(rng.nextConf());
            }
            images.add(new Image(flatten(predBoxes), toFloats(conf), toInts(predCls), flatten(gtBoxes),
                    toInts(gtCls)));
        }
        return images;
    }

    private static float[] flatten(List<float[]> boxes) {
        float[] out = new float[boxes.size() * 4];
        for (int i = 0; i < boxes.size(); i++) {
            System.arraycopy(boxes.get(i), 0, out, 4 * i, 4);
        }
        return out;
    }

    private static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static int[] toInts(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
