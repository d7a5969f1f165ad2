package dev.yolojava.api;

import dev.yolojava.data.DataConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A data set as {@code data=} names it (a {@code data.yaml}, a folder holding one, or {@code synthetic[:...]}, which
 * is generated once and cached), resolved as training and validation resolve it: its class names and the sources of
 * each split (folders or image-list files, which {@link Yolo#predict} takes as they are).
 */
public final class Dataset {
  private final DataConfig config;

  private Dataset(DataConfig config) {
    this.config = config;
  }

  /** Resolves {@code data} (generating a synthetic set on first use). */
  public static Dataset of(String data) {
    return new Dataset(DataConfig.resolve(data));
  }

  /** The class names by id. */
  public List<String> names() {
    return config.names();
  }

  /** The {@code data.yaml} it was read from. */
  public Path yaml() {
    return config.yamlFile();
  }

  public List<Path> train() {
    return config.train();
  }

  public List<Path> val() {
    return config.val();
  }

  public List<Path> test() {
    return config.test();
  }

  @Override
  public String toString() {
    return config.yamlFile() + " (" + names().size() + " classes)";
  }
}
