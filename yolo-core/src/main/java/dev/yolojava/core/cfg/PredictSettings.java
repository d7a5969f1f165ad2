package dev.yolojava.core.cfg;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The predict and visualize sections of the configuration. */
public interface PredictSettings extends ArgsView {
  /** {@code source}: what to predict on, if set. */
  default Optional<String> source() {
    return stringArg("source");
  }

  /** {@code vid_stride}: read every Nth video frame (1). */
  default int vidStride() {
    return intArg("vid_stride");
  }

  /** {@code stream_buffer}: keep every frame of live streams (true) or drop the oldest waiting ones (false). */
  default boolean streamBuffer() {
    return boolArg("stream_buffer");
  }

  /** {@code save_frames}: save each predicted video frame as a JPEG (false). */
  default boolean saveFrames() {
    return boolArg("save_frames");
  }

  /** {@code augment}: test-time augmentation (false). */
  default boolean augment() {
    return boolArg("augment");
  }

  /** {@code visualize}: visualize features (false). */
  default boolean visualize() {
    return boolArg("visualize");
  }

  /** {@code agnostic_nms}: class-agnostic NMS (false). */
  default boolean agnosticNms() {
    return boolArg("agnostic_nms");
  }

  /** {@code classes}: class ids to keep; empty keeps all. */
  default List<Integer> classes() {
    return intList("classes");
  }

  /** {@code embed}: layer indices to return embeddings of; empty for none. */
  default List<Integer> embed() {
    return intList("embed");
  }

  /** {@code save_txt}: save .txt results (false). */
  default boolean saveTxt() {
    return boolArg("save_txt");
  }

  /** {@code save_conf}: confidences in .txt results (false). */
  default boolean saveConf() {
    return boolArg("save_conf");
  }

  /** {@code save_crop}: save detection crops (false). */
  default boolean saveCrop() {
    return boolArg("save_crop");
  }

  /** {@code show_labels}: draw labels (true). */
  default boolean showLabels() {
    return boolArg("show_labels");
  }

  /** {@code show_conf}: draw confidences (true). */
  default boolean showConf() {
    return boolArg("show_conf");
  }

  /** {@code show_boxes}: draw boxes (true). */
  default boolean showBoxes() {
    return boolArg("show_boxes");
  }

  /** {@code line_width}: box line width, if set. */
  default OptionalInt lineWidth() {
    return optionalInt("line_width");
  }
}
