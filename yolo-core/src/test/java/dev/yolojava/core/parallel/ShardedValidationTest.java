package dev.yolojava.core.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.metrics.BoxMatching;
import dev.yolojava.core.metrics.BoxStats;
import dev.yolojava.core.metrics.DetMetrics;
import dev.yolojava.core.metrics.ImageStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Validation sharded over 2 Gloo ranks (interleaved images) gives rank 0 exactly the metrics of a single pass. */
class ShardedValidationTest {
  private static final List<String> NAMES = List.of("a", "b", "c");
  private static final int IMAGES = 60;

  @Test
  void twoRankMetricsEqualSinglePass() throws Exception {
    BoxStats all = new BoxStats();
    for (int i = 0; i < IMAGES; i++) {
      all.add(image(i));
    }
    DetMetrics single = DetMetrics.compute(all, NAMES);

    List<Optional<DetMetrics>> perRank = Ranks.run(2, Duration.ofSeconds(60), g -> {
      BoxStats shard = new BoxStats();
      for (int i = g.rank(); i < IMAGES; i += g.worldSize()) {
        shard.add(image(i));
      }
      return StatsExchange.gatherToRank0(g, shard).map(s -> DetMetrics.compute(s, NAMES));
    });

    assertThat(perRank.get(1)).isEmpty();
    DetMetrics merged = perRank.get(0).orElseThrow();
    assertThat(merged.numImages()).isEqualTo(IMAGES);
    assertThat(merged.numInstances()).isEqualTo(single.numInstances());
    assertThat(merged.meanResults()).containsExactly(single.meanResults());
    assertThat(merged.maps()).containsExactly(single.maps());
    assertThat(merged.fitness()).isEqualTo(single.fitness());
    // a non-degenerate case: some but not all predictions are right
    assertThat(single.map50()).isBetween(0.05, 0.95);
  }

  @Test
  void encodeDecodeRoundTripsEveryField() {
    BoxStats stats = new BoxStats().add(image(7)).add(image(3));
    BoxStats back = StatsExchange.decode(StatsExchange.encode(stats));
    assertThat(back.numImages()).isEqualTo(2);
    for (int k = 0; k < 2; k++) {
      ImageStats a = stats.images().get(k);
      ImageStats b = back.images().get(k);
      assertThat(b.imageIndex()).isEqualTo(a.imageIndex());
      assertThat(b.tp()).isDeepEqualTo(a.tp());
      assertThat(b.conf()).containsExactly(a.conf());
      assertThat(b.predCls()).containsExactly(a.predCls());
      assertThat(b.targetCls()).containsExactly(a.targetCls());
    }
  }

  @Test
  void taskStatisticsTravelWithTheBoxOnes() {
    ImageStats seven = image(7);
    boolean[][] tpMask = new boolean[seven.numPredictions()][BoxMatching.NUM_IOU];
    for (int p = 0; p < tpMask.length; p++) {
      tpMask[p][p % BoxMatching.NUM_IOU] = true; // unlike tp, which is a prefix of thresholds
    }
    BoxStats stats = new BoxStats().add(seven.withTaskTp(tpMask)).add(image(3).withTaskTp(
        new boolean[image(3).numPredictions()][BoxMatching.NUM_IOU]));
    BoxStats back = StatsExchange.decode(StatsExchange.encode(stats));
    assertThat(back.hasTaskTp()).isTrue();
    assertThat(back.images().get(1).taskTp()).isDeepEqualTo(tpMask);
    assertThat(back.images().get(1).tp()).isDeepEqualTo(seven.tp());
    assertThat(StatsExchange.decode(StatsExchange.encode(new BoxStats().add(image(7)))).hasTaskTp()).isFalse();
  }

  /** Deterministic pseudo-random statistics of image {@code i}. */
  private static ImageStats image(int i) {
    Random r = new Random(1000 + i);
    int n = r.nextInt(6);
    boolean[][] tp = new boolean[n][BoxMatching.NUM_IOU];
    float[] conf = new float[n];
    int[] predCls = new int[n];
    for (int p = 0; p < n; p++) {
      int hits = r.nextInt(BoxMatching.NUM_IOU + 1); // correct up to some IoU threshold
      for (int t = 0; t < hits; t++) {
        tp[p][t] = true;
      }
      conf[p] = r.nextFloat();
      predCls[p] = r.nextInt(NAMES.size());
    }
    int[] targetCls = new int[1 + r.nextInt(4)];
    for (int t = 0; t < targetCls.length; t++) {
      targetCls[t] = r.nextInt(NAMES.size());
    }
    return new ImageStats(i, tp, conf, predCls, targetCls);
  }
}
