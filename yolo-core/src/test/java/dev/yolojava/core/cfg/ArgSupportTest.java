package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every key has a support level, and every key set to another value where this build does not honour it is named
 * (it used to be accepted and silently ignored: save_crop, time, rect, multi_scale, cls_pw, end2end, ...).
 */
class ArgSupportTest {
  private static final List<String> MODES = List.of("train", "val", "predict", "export");

  @Test
  void everyCatalogueKeyHasASupportLevel() {
    assertThat(ArgSupport.all().keySet()).containsExactlyElementsOf(ArgCatalog.specs().keySet());
  }

  @Test
  void everyKeyNotHonouredWarnsInEachModeWhereItIsRead() {
    List<String> warned = new ArrayList<>();
    for (ArgSpec spec : ArgCatalog.specs().values()) {
      Object value = otherValue(spec);
      YoloArgs args = YoloArgs.of(Map.of(spec.key(), value));
      ArgSupport.Support s = ArgSupport.of(spec.key());
      for (String mode : MODES) {
        ArgSupport.Mode m = ArgSupport.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
        boolean expected = s.otherTask() != null || s.used().contains(m) && !s.honoured().contains(m);
        List<String> msgs = ArgSupport.check(args, mode);
        if (expected) {
          assertThat(msgs).as("%s=%s in %s", spec.key(), value, mode).singleElement().asString()
              .startsWith(spec.key() + "=").contains("ignored");
          warned.add(spec.key() + "@" + mode);
        } else {
          assertThat(msgs).as("%s=%s in %s", spec.key(), value, mode).noneMatch(x -> x.startsWith(spec.key() + "="));
        }
      }
    }
    assertThat(warned).contains("show_boxes@predict", "save_txt@val", "embed@predict", "rect@train",
        "save_json@train", "profile@train", "visualize@predict", "augment@predict", "conf@train",
        "copy_paste_mode@train", "distill_model@train", "compile@train");
    // honoured since they were first listed here as ignored
    assertThat(warned).doesNotContain("end2end@val", "end2end@predict", "end2end@export", "cls_pw@train",
        "classes@train", "classes@val", "multi_scale@train", "deterministic@train", "rect@val");
  }

  @Test
  void messagesNameTheKeyTheValueAndTheMode() {
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("show_boxes", false)), "predict")).containsExactly(
        "show_boxes=False is not supported by this build of yolo-java in predict and is ignored");
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("save_crop", true, "save_txt", true)), "predict")).isEmpty();
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("conf", 0.25)), "train")).containsExactly(
        "conf=0.25 is not supported by this build of yolo-java in train and is ignored (validation during training"
            + " uses 0.001)");
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("copy_paste", 0.5)), "train")).containsExactly(
        "copy_paste=0.5 is not supported by this build of yolo-java in train and is ignored (segment models:"
            + " CopyPaste is not in this build)");
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("angle", 2)), "train")).containsExactly(
        "angle=2.0 is for obb models, which this build of yolo-java does not train, so it is ignored");
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("mask_ratio", 2)), "train")).isEmpty();
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("mask_ratio", 2, "overlap_mask", false)), "val")).isEmpty();
    assertThat(ArgSupport.check(YoloArgs.of(Map.of("epochs", 3, "lr0", 0.02, "mosaic", 0.5)), "train")).isEmpty();
  }

  @Test
  void strictModeFailsInsteadOfWarning() {
    System.setProperty("yolo.strict", "true");
    try {
      assertThatThrownBy(() -> ArgSupport.check(YoloArgs.of(Map.of("rect", true)), "train"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rect=True is not supported by this build of yolo-java in train and is ignored"
              + " (rectangular training is not in this build) (-Dyolo.strict=true)");
    } finally {
      System.clearProperty("yolo.strict");
    }
  }

  /** A valid value other than the key's default. */
  private static Object otherValue(ArgSpec spec) {
    Object d = spec.defaultValue();
    return switch (spec.kind()) {
      case BOOL -> d == null || !((Boolean) d);
      case INT -> d == null ? 2 : ((Number) d).intValue() + 1;
      case FLOAT -> d == null ? 1.5 : ((Number) d).doubleValue() + 0.5;
      case FRACTION -> d != null && ((Number) d).doubleValue() > 0.5 ? 0.25 : 0.75;
      case BATCH -> 8;
      case IMGSZ -> 320;
      case DEVICE -> "cpu";
      case INT_LIST -> List.of(0);
      case INT_OR_LIST -> 3;
      case CACHE -> "ram";
      case BOOL_OR_STR -> d instanceof Boolean b ? !b : true;
      case SCALE -> 0.25;
      case QUANTIZE -> 16;
      case TASK -> "segment";
      case MODE -> "val";
      case STR -> switch (spec.key()) {
        case "optimizer" -> "SGD";
        case "format" -> "onnx";
        case "split" -> "test";
        case "copy_paste_mode" -> "mixup";
        case "auto_augment" -> "augmix";
        default -> "other";
      };
    };
  }
}
