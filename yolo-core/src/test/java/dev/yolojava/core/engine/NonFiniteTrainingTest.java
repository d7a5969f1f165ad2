package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.io.Checkpoint;
import dev.yolojava.core.nn.StateDicts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN losses and NaN gradients in a real CPU training run: poisoned steps are skipped, persistent ones stop with
 * last.pt kept, and no checkpoint ever holds a non-finite weight.
 */
class NonFiniteTrainingTest {
  private static final String PARAM = "model.0.conv.weight";

  private static YoloArgs args(Path run, int epochs) {
    // nbs=4 with batch 4: an optimizer step every batch, so a skipped step is visible in the weights
    return YoloArgs.parse("data=synthetic:train=16,val=8,size=64x64 epochs=" + epochs + " batch=4 imgsz=64 nbs=4"
        + " workers=1 device=cpu plots=False val=True warmup_epochs=0 close_mosaic=0 save_dir=" + run);
  }

  @Test
  void poisonedBatchesAreSkippedLeavingWeightsUnchangedAndOutOfTheMeanLoss(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    Path run = dir.resolve("run");
    Set<String> poisoned = Set.of("0:1", "1:2");
    Map<Integer, List<Double>> goodLoss = new HashMap<>();
    WeightWatch watch = new WeightWatch();
    List<Boolean> unchanged = watch.unchanged;
    List<double[]> rows = new ArrayList<>();
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      TrainCallbacks cb = new TrainCallbacks() {
        @Override
        public void onBatchEnd(int epoch, int batch, int batches) {
          watch.record(model);
        }

        @Override
        public void onFitEpochEnd(int epoch, double[] row) {
          rows.add(row.clone());
        }
      };
      TrainResult r = new Trainer(model, args(run, 2), cb).withLossProbe((epoch, batch, total) -> {
        if (poisoned.contains(epoch + ":" + batch)) {
          return Double.NaN;
        }
        double v = total.item_double();
        goodLoss.computeIfAbsent(epoch, e -> new ArrayList<>()).add(v / 4); // total = sum(items) * batch
        return v;
      }).train();
      assertThat(r.resultsCsv()).exists();
    }
    // onBatchEnd fired for all 4 batches of both epochs, the skipped ones included
    assertThat(unchanged).hasSize(8);
    // [epoch 0: b0, b1 (poisoned), b2, b3, epoch 1: b0, b1, b2 (poisoned), b3]
    assertThat(unchanged.subList(1, 8)).containsExactly(true, false, false, false, false, true, false);
    assertThat(goodLoss.get(0)).hasSize(3);
    assertThat(goodLoss.get(1)).hasSize(3);
    for (int e = 0; e < 2; e++) {
      double mean = goodLoss.get(e).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double rowSum = rows.get(e)[1] + rows.get(e)[2] + rows.get(e)[3];
      assertThat(rowSum).as("epoch %d box+cls+dfl", e).isCloseTo(mean, within(1e-3 * mean));
    }
    assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(3);
  }

  @Test
  void aRunPoisonedEveryBatchStopsWithAClearErrorKeepingLastPtOfTheLastGoodEpoch(@TempDir Path dir)
      throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    Path run = dir.resolve("run");
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      // epoch 1 trains normally; from epoch 2 on every loss is +inf: 10 in a row stop in epoch 4 (4 batches each)
      Trainer trainer = new Trainer(model, args(run, 5), null)
          .withLossProbe((epoch, batch, total) -> epoch == 0 ? total.item_double() : Double.POSITIVE_INFINITY);
      assertThatThrownBy(trainer::train)
          .isInstanceOf(NonFiniteGuard.NonFiniteLossException.class)
          .hasMessage("training stopped: the loss was Infinity for 10 consecutive batches (epoch 4, batch 2); the"
              + " optimizer step was skipped each time and last.pt/best.pt hold the last completed epoch: lower lr0,"
              + " check the labels for NaN/inf, or try amp=False");
    }
    Path last = run.resolve("weights/last.pt");
    // epochs 2 and 3 had only skipped steps but still ended and saved; epoch 4 never did
    assertThat(Checkpoint.load(last).epoch()).hasValue(2);
    assertThat(Files.readAllLines(run.resolve("results.csv"))).hasSize(4);
    try (YoloModel loaded = YoloModel.load(last)) {
      assertThat(loaded.net().nc()).isEqualTo(8);
    }
  }

  @Test
  void aNanGradientSkipsItsStepAndEveryCheckpointTensorStaysFinite(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    Path run = dir.resolve("run");
    WeightWatch watch = new WeightWatch();
    List<Boolean> unchanged = watch.unchanged;
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 8)) {
      TrainCallbacks cb = new TrainCallbacks() {
        @Override
        public void onBatchEnd(int epoch, int batch, int batches) {
          watch.record(model);
        }
      };
      // one NaN in one gradient of one step (epoch 1, batch 2): before the guard, the clip spread it to every
      // gradient and the step to every weight, so last.pt held NaN in every trainable tensor
      new Trainer(model, args(run, 2), cb).withGradientProbe((epoch, batch, params) -> {
        if (epoch == 0 && batch == 1) {
          params.get(params.size() - 1).grad().view(-1).narrow(0, 0, 1).fill_(new org.bytedeco.pytorch.Scalar(
              Double.NaN));
        }
      }).train();
      assertThat(unchanged).hasSize(8);
      assertThat(unchanged.subList(1, 4)).containsExactly(true, false, false);
      assertFinite(model.net().stateDict(), "the model after training");
    }
    assertFinite(Checkpoint.load(run.resolve("weights/last.pt")).stateDict(), "last.pt");
    assertFinite(Checkpoint.load(run.resolve("weights/best.pt")).stateDict(), "best.pt");
  }

  /** After each batch: whether {@link #PARAM} is unchanged since the previous batch (null for the first). */
  private static final class WeightWatch {
    final List<Boolean> unchanged = new ArrayList<>();
    private Tensor previous;

    void record(YoloModel model) {
      Tensor now = StateDicts.parameters(model.net()).get(PARAM).detach().clone();
      now.retainReference();
      unchanged.add(previous == null ? null : torch.equal(previous, now));
      if (previous != null) {
        previous.releaseReference();
      }
      previous = now;
    }
  }

  /** Every floating tensor of {@code state} holds finite values only. */
  static void assertFinite(Map<String, Tensor> state, String what) {
    List<String> bad = new ArrayList<>();
    state.forEach((k, t) -> {
      if (t.is_floating_point() && !torch.isfinite(t).all().item_bool()) {
        bad.add(k);
      }
    });
    assertThat(bad).as("%s: tensors holding NaN or inf", what).isEmpty();
  }
}
