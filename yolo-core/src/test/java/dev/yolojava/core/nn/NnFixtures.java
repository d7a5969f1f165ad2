package dev.yolojava.core.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Assumptions;

/** Test helpers: the shared reference fixtures (skipping when absent) and tensor read-back. */
public final class NnFixtures {
  private NnFixtures() {}

  /** The fixture {@code name}; skips the calling test when the fixtures directory is absent. */
  public static Path file(String name) {
    String dir = System.getProperty("yolo.fixtures", "../../shared/fixtures");
    Path p = Path.of(dir).resolve(name);
    Assumptions.assumeTrue(
        Files.isRegularFile(p),
        "fixtures not found at " + p.toAbsolutePath() + ": skipping (set -Dyolo.fixtures to the fixtures directory)");
    return p;
  }

  /** A committed task fixture, {@code fixtures/segment/NAME} of the repository (see its README). */
  public static Path segment(String name) {
    return task("segment", name);
  }

  /** A committed task fixture, {@code fixtures/TASK/NAME} of the repository (see its README). */
  public static Path task(String task, String name) {
    Path p = Path.of(System.getProperty("yolo.taskFixtures", "../fixtures")).resolve(task).resolve(name);
    if (!Files.exists(p)) {
      throw new IllegalStateException("committed fixture missing: " + p.toAbsolutePath());
    }
    return p;
  }

  /** The checkpoint {@code fixtures/TASK/NAME} built from its YAML with its weights, in eval mode. */
  public static DetectionModel loadTask(String task, String name) throws java.io.IOException {
    dev.yolojava.core.io.Checkpoint ckpt = dev.yolojava.core.io.Checkpoint.load(task(task, name));
    DetectionModel m = DetectionModel.fromYaml(ckpt.yaml(), 0);
    m.loadStateDict(ckpt.stateDict());
    m.eval();
    return m;
  }

  /** Elements of a tensor in C order as float32. */
  public static float[] floats(Tensor t) {
    Tensor c = t.detach().to(ScalarType.Float).contiguous();
    float[] out = new float[(int) c.numel()];
    c.data_ptr_float().get(out);
    return out;
  }
}
