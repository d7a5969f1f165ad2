package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact messages for unknown keys (with difflib's suggestions) and for values of the wrong type or range. */
class ArgErrorsTest {
  private static void fails(String commandLine, String message) {
    assertThatThrownBy(() -> YoloArgs.parse(commandLine))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void unknownKeysNameSimilarValidKeys() {
    fails("epoch=3", "'epoch' is not a valid YOLO argument. Similar arguments are i.e. ['epochs=100'].");
    fails("lr=0.1", "'lr' is not a valid YOLO argument. Similar arguments are i.e. ['lrf=0.01', 'lr0=0.01'].");
    fails(
        "imgsize=320",
        "'imgsize' is not a valid YOLO argument. Similar arguments are i.e. "
            + "['imgsz=640', 'optimize=False', 'visualize=False'].");
    fails("devices=0", "'devices' is not a valid YOLO argument. Similar arguments are i.e. ['device', 'dis=6.0'].");
    fails("conf_thres=0.3", "'conf_thres' is not a valid YOLO argument.");
    fails("mosiac", "'mosiac' is not a valid YOLO argument. Similar arguments are i.e. ['mosaic=1.0'].");
  }

  @Test
  void everyUnknownKeyIsReported() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", 3);
    m.put("weightdecay", 0.1);
    m.put("learning_rate", 0.1);
    assertThatThrownBy(() -> YoloArgs.of(m))
        .hasMessage(
            "'weightdecay' is not a valid YOLO argument. Similar arguments are i.e. ['weight_decay=0.0005'].\n"
                + "'learning_rate' is not a valid YOLO argument.");
    assertThatThrownBy(() -> YoloArgs.defaults().get("hsv"))
        .hasMessage(
            "'hsv' is not a valid YOLO argument. Similar arguments are i.e. ['hsv_v=0.4', 'hsv_s=0.7', 'hsv_h=0.015'].");
  }

  @Test
  void badTypesNameKeyValueAndExpectedType() {
    fails("epochs=10.0", "'epochs=10.0' is of invalid type float. 'epochs' must be an int (i.e. 'epochs=8')");
    fails("lr0=abc", "'lr0=abc' is of invalid type str. Valid 'lr0' types are int (i.e. 'lr0=0') or float (i.e. 'lr0=0.5')");
    fails("box=[1,2]", "'box=[1, 2]' is of invalid type list. Valid 'box' types are int (i.e. 'box=0') or float (i.e. 'box=0.5')");
    fails("save=1", "'save=1' is of invalid type int. 'save' must be a bool (i.e. 'save=True' or 'save=False')");
    fails("conf=null", "'conf=null' is of invalid type str. Valid 'conf' types are int (i.e. 'conf=0') or float (i.e. 'conf=0.5')");
    fails("name=[1,2]", "'name=[1, 2]' is of invalid type list. 'name' must be a str (i.e. 'name=text')");
    fails(
        "imgsz=640.5",
        "'imgsz=640.5' is of invalid type float. 'imgsz' must be an int or a list of 1 or 2 ints "
            + "(i.e. 'imgsz=640' or 'imgsz=[480, 640]')");
    fails(
        "classes=[0,a]",
        "'classes=[0,a]' is of invalid type str. 'classes' must be an int or a list of ints (i.e. 'classes=[0, 2]')");
    fails(
        "scale=[1,2,3]",
        "'scale=[1, 2, 3]' is of invalid type list. Valid 'scale' types are int, float, or a tuple/list of two floats "
            + "(i.e. 'scale=(0.5, 2.0)')");
  }

  @Test
  void badValuesNameKeyValueAndValidRange() {
    fails("lr0=1.5", "'lr0=1.5' is an invalid value. Valid 'lr0' values are between 0.0 and 1.0.");
    fails("fliplr=-0.1", "'fliplr=-0.1' is an invalid value. Valid 'fliplr' values are between 0.0 and 1.0.");
    fails("scale=2", "'scale=2' is an invalid value. Valid 'scale' values are between 0.0 and 1.0.");
    fails("imgsz=0", "'imgsz=0' is an invalid value. Valid 'imgsz' sizes are > 0.");
    fails(
        "batch=2.5",
        "'batch=2.5' is an invalid value. Valid 'batch' values are an int (16), -1 for AutoBatch, "
            + "or a fraction in (0.0, 1.0) of GPU memory for AutoBatch.");
    fails("cache=yes", "'cache=yes' is an invalid value. Valid 'cache' values are True, False, 'ram' or 'disk'.");
    fails(
        "quantize=4",
        "'quantize=4' is invalid. Valid 'quantize' values are 8, 16, 32, 'int8', 'fp16', 'fp32', 'w8a8', 'w16a16', "
            + "'w8a16', or 'w8a32'. See https://docs.ultralytics.com/modes/export/#quantization-options");
    fails(
        "mode=trian",
        "Invalid 'mode=trian'. Valid modes are ['train', 'val', 'predict', 'export', 'track', 'benchmark'].");
    fails(
        "task=segmentation",
        "Invalid 'task=segmentation'. Valid tasks are ['detect', 'segment', 'classify', 'pose', 'obb', 'semantic'].");
  }

  @Test
  void noneOnlyForKeysWithoutDefault() {
    fails("box=None", "'box=None' is invalid. 'box' must not be None.");
    fails("imgsz=none", "'imgsz=None' is invalid. 'imgsz' must not be None.");
  }

  @Test
  void malformedTokens() {
    fails("epochs=", "missing 'epochs' value");
    fails(
        "epochs",
        "'epochs' is a valid YOLO argument but is missing an '=' sign to set its value, i.e. try 'epochs=100'");
    fails("augmentations=[]", "'augmentations' (custom Albumentations transforms) is not supported on the JVM.");
  }

  @Test
  void yamlErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("args.yaml");
    Files.writeString(f, "epochs: 3.5\n");
    assertThatThrownBy(() -> YoloArgs.load(f))
        .hasMessage(f + ": 'epochs=3.5' is of invalid type float. 'epochs' must be an int (i.e. 'epochs=8')");
    Files.writeString(f, "- 1\n- 2\n");
    assertThatThrownBy(() -> YoloArgs.load(f)).hasMessage(f + ": expected a mapping of 'key: value', got list");
  }
}
