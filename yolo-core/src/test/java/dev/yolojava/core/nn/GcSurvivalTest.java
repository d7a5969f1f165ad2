package dev.yolojava.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * libtorch calls back into the Java objects of registered modules (train/eval); a wrapper that only native code
 * referenced was collected and the next eval() died with a NullPointerException.
 */
class GcSurvivalTest {
  @Test
  void modelSurvivesGarbageCollectionBetweenBuildAndEval() throws Exception {
    DetectionModel m = DetectionModel.fromYaml("yolov8n.yaml", 8);
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    m.eval();
    assertThat(m.is_training()).isFalse();
    m.train(true);
    assertThat(m.is_training()).isTrue();
  }

  @Test
  void parameterHandlesStayValidAfterTheirDictIsCollected() throws Exception {
    DetectionModel m = DetectionModel.fromYaml("yolov8n.yaml", 8);
    var params = dev.yolojava.core.optim.ParamGrouping.classify(m, false);
    var state = StateDicts.of(m);
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(params).allSatisfy(p -> assertThat(p.tensor().defined()).isTrue());
    assertThat(state.values()).allSatisfy(t -> assertThat(t.defined()).isTrue());
    assertThat(params.get(0).tensor().sizes().vec().get()).containsExactly(16, 3, 3, 3);
  }
}
