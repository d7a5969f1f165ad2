package dev.yolojava.core.cfg;

import java.util.List;
import java.util.Optional;

/** Settings every mode uses: what runs on which data, image size, batch, device and where results go. */
public interface RunSettings extends ArgsView {
  /** {@code task}: the YOLO task (detect). */
  default String task() {
    return (String) get("task");
  }

  /** {@code mode}: train, val, predict, export, track or benchmark. */
  default String mode() {
    return (String) get("mode");
  }

  /** {@code model}: model checkpoint or YAML, if set. */
  default Optional<String> model() {
    return stringArg("model");
  }

  /** {@code data}: dataset YAML, if set. */
  default Optional<String> data() {
    return stringArg("data");
  }

  /** {@code imgsz} as {@code {h, w}} (an int or one-element list gives a square). */
  default int[] imgsz() {
    Object v = get("imgsz");
    if (v instanceof List<?> l) {
      int h = (Integer) l.get(0);
      return new int[] {h, (Integer) l.get(l.size() - 1)};
    }
    return new int[] {(Integer) v, (Integer) v};
  }

  /** {@code batch}: an Integer batch size, or below 1 (-1, or a Double fraction) for AutoBatch. */
  default Number batch() {
    return (Number) get("batch");
  }

  /** Whether {@code batch} asks for AutoBatch (below 1). */
  default boolean autoBatch() {
    return batch().doubleValue() < 1;
  }

  /** {@code device} as text ({@code 0}, {@code 0,1}, {@code cpu}), if set. */
  default Optional<String> device() {
    return stringArg("device");
  }

  /** {@code workers}: data-loading workers. */
  default int workers() {
    return intArg("workers");
  }

  /** {@code project}: run root, if set. */
  default Optional<String> project() {
    return stringArg("project");
  }

  /** {@code name}: run name, if set. */
  default Optional<String> name() {
    return stringArg("name");
  }

  /** {@code exist_ok}: reuse an existing run directory. */
  default boolean existOk() {
    return boolArg("exist_ok");
  }

  /** {@code save}: save checkpoints/results. */
  default boolean save() {
    return boolArg("save");
  }

  /** {@code verbose}: verbose logging. */
  default boolean verbose() {
    return boolArg("verbose");
  }

  /** {@code plots}: save plots. */
  default boolean plots() {
    return boolArg("plots");
  }

  /** {@code single_cls}: one class for all. */
  default boolean singleCls() {
    return boolArg("single_cls");
  }

  /** {@code rect}: rectangular batches. */
  default boolean rect() {
    return boolArg("rect");
  }

  /** Whether {@code quantize} asks for FP16 (the successor of {@code half=True}). */
  default boolean half() {
    return Integer.valueOf(16).equals(get("quantize"));
  }

  /** {@code save_dir}: the run directory Ultralytics records in {@code args.yaml}, if set. */
  default Optional<String> saveDir() {
    return stringArg(ArgCatalog.SAVE_DIR);
  }
}
