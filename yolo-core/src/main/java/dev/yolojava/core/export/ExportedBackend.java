package dev.yolojava.core.export;

import dev.yolojava.core.engine.InferenceBackend;
import java.util.List;

/** An {@link InferenceBackend} for an exported model, whose metadata getters all come from its {@link #info()}. */
public interface ExportedBackend extends InferenceBackend {
  /** The model's metadata and fixed input size. */
  ExportedModelInfo info();

  /** Exported runtimes here keep fp32 inputs and outputs. */
  @Override
  default boolean isHalf() {
    return false;
  }

  @Override
  default boolean endToEnd() {
    return info().endToEnd();
  }

  @Override
  default int maxStride() {
    return info().maxStride();
  }

  @Override
  default List<String> names() {
    return info().names();
  }

  @Override
  default int[] fixedImgsz() {
    return info().fixedImgsz();
  }
}
