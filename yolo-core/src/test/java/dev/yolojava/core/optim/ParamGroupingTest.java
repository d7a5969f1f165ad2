package dev.yolojava.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.nn.DetectionModel;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Ultralytics' parameter groups on real model graphs. */
class ParamGroupingTest {

  @Test
  void yolov8nGroupsMatchUltralyticsLogLine() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml("yolov8n.yaml", 80);
      OptimizerChoice sgd = OptimizerChoice.resolve("SGD", 0.01, 0.9, 80, 0);
      Optimizers.Built built = Optimizers.build(m, sgd, 0.0005);
      // 57 Conv blocks (57 BN weights, 57 BN biases); the head's 6 final Conv2d have weight + bias; DFL has a weight
      assertThat(built.summary())
          .isEqualTo(
              "SGD(lr=0.01, momentum=0.9) with parameter groups "
                  + "57 weight(decay=0.0), 64 weight(decay=0.0005), 63 bias(decay=0.0)");
      List<ParamGroup> g = built.optimizer().groups();
      assertThat(g).extracting(ParamGroup::role).containsExactly(ParamRole.WEIGHT, ParamRole.NORM, ParamRole.BIAS);
      assertThat(g).extracting(x -> x.params().size()).containsExactly(64, 57, 63);
      assertThat(g).extracting(ParamGroup::weightDecay).containsExactly(0.0005, 0.0, 0.0);
      assertThat(g.get(0).params().get(0).key()).isEqualTo("model.0.conv.weight");
      assertThat(g.get(0).params()).extracting(NamedParam::key).contains("model.22.dfl.conv.weight");
      assertThat(g.get(1).params()).allMatch(p -> p.key().endsWith(".bn.weight"));
      assertThat(g.get(2).params()).allMatch(p -> p.key().endsWith(".bias"));
      assertThat(g.get(2).params().get(62).key()).isEqualTo("model.22.cv3.2.2.bias");
      built.optimizer().close();
    }
  }

  @Test
  void yolo26nMuSgdHasEightGroupsWithBoostedHead() {
    try (PointerScope scope = new PointerScope()) {
      DetectionModel m = DetectionModel.fromYaml("yolo26n.yaml", 80);
      Map<String, Tensor> sd = m.stateDict();
      long total = m.named_parameters().size();
      long bnWeights = sd.keySet().stream().filter(k -> k.endsWith(".bn.weight")).count();
      long biases = sd.keySet().stream().filter(k -> k.endsWith(".bias") && sd.get(k).dim() == 1).count();
      OptimizerChoice choice = OptimizerChoice.resolve("auto", 0.01, 0.937, 80, 20_000);
      assertThat(choice.type()).isEqualTo(OptimizerType.MUSGD);
      Optimizers.Built built = Optimizers.build(m, choice, 0.0005);
      List<ParamGroup> g = built.optimizer().groups();
      assertThat(g).hasSize(8);
      assertThat(g)
          .extracting(ParamGroup::role)
          .containsExactly(
              ParamRole.WEIGHT, ParamRole.WEIGHT, ParamRole.NORM, ParamRole.NORM,
              ParamRole.BIAS, ParamRole.BIAS, ParamRole.MUON, ParamRole.MUON);
      int muon = g.get(6).params().size() + g.get(7).params().size();
      int norm = g.get(2).params().size() + g.get(3).params().size();
      int bias = g.get(4).params().size() + g.get(5).params().size();
      assertThat(g.get(0).params().size() + g.get(1).params().size()).isZero(); // every weight is >= 2-D
      assertThat(norm).isEqualTo(bnWeights);
      assertThat(bias).isEqualTo(biases);
      assertThat(muon + norm + bias).isEqualTo(total);
      assertThat(built.summary())
          .isEqualTo(
              String.format(
                  "MuSGD(lr=0.01, momentum=0.9) with parameter groups %d weight(decay=0.0), "
                      + "%d weight(decay=0.0005), %d bias(decay=0.0)",
                  norm, muon, bias));
      // boosted halves: the head's class branches, one-to-many (cv3) and one-to-one (one2one_cv3), lr x3
      assertThat(g.get(6).params()).hasSize(30).allMatch(p -> p.key().matches("model\\.23\\.(one2one_)?cv3\\..*"));
      assertThat(g.get(7).params()).noneMatch(p -> p.key().matches("model\\.23\\..*cv3.*"));
      assertThat(g.get(7).params()).anyMatch(p -> p.key().equals("model.6.m.0.cv3.conv.weight")); // C3k's cv3
      assertThat(g.get(4).params()).isNotEmpty().allMatch(p -> p.key().matches("model\\.23\\.(one2one_)?cv3\\..*"));
      assertThat(g.get(6).lr()).isEqualTo(0.01 * 3);
      assertThat(g.get(7).lr()).isEqualTo(0.01);
      assertThat(g.get(6).weightDecay()).isEqualTo(0.0005);
      assertThat(g.get(4).weightDecay()).isZero();
      assertThat(g).allMatch(ParamGroup::nesterov);
      assertThat(g).extracting(ParamGroup::useMuon).containsExactly(false, false, false, false, false, false, true, true);
      built.optimizer().close();
    }
  }

  @Test
  void boostPatternNeedsBoth23AndCv3() {
    assertThat(ParamGrouping.boosted("model.23.cv3.0.0.conv.weight")).isTrue();
    assertThat(ParamGrouping.boosted("model.23.one2one_cv3.1.2.bias")).isTrue();
    assertThat(ParamGrouping.boosted("model.22.cv3.0.0.conv.weight")).isFalse();
    assertThat(ParamGrouping.boosted("model.23.cv2.0.0.conv.weight")).isFalse();
    assertThat(ParamGrouping.boosted("model.9.proto.semseg.weight")).isTrue();
  }

  @Test
  void logitScaleAndBiasNamesDecideBeforeWeights() {
    try (PointerScope scope = new PointerScope()) {
      Tensor vec = Toy.param(1f, 2f);
      Tensor mat = Toy.param(new float[4], 2, 2);
      assertThat(ParamGrouping.roleOf("head.logit_scale", vec, false, false)).isEqualTo(ParamRole.NORM);
      assertThat(ParamGrouping.roleOf("head.bias", vec, true, false)).isEqualTo(ParamRole.BIAS);
      assertThat(ParamGrouping.roleOf("bn.weight", vec, true, false)).isEqualTo(ParamRole.NORM);
      assertThat(ParamGrouping.roleOf("conv.weight", mat, false, false)).isEqualTo(ParamRole.WEIGHT);
      assertThat(ParamGrouping.roleOf("conv.weight", mat, false, true)).isEqualTo(ParamRole.MUON);
      assertThat(ParamGrouping.roleOf("bn.weight", vec, true, true)).isEqualTo(ParamRole.NORM);
    }
  }
}
