package dev.yolojava.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.yolojava.core.engine.YoloModel;
import dev.yolojava.core.export.TensorRtEngines;
import dev.yolojava.cuda.Device;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** yolo-core finds the module through ServiceLoader; its failures are one line each (no GPU needed). */
class TensorRtEngineServiceTest {
  private static final String REFUSAL = "Invalid CUDA 'device=99' requested. Use 'device=cpu' or pass valid CUDA"
      + " device(s) if available, i.e. 'device=0' or 'device=0,1,2,3' for Multi-GPU (CUDA available: ";

  @Test
  void serviceLoaderFindsTheModule() {
    assertThat(TensorRtEngines.isPresent()).isTrue();
    assertThat(TensorRtEngines.find()).isInstanceOf(TensorRtEngineService.class);
  }

  /** As predict, val and train (yolo-api's MissingDeviceTest): a GPU this machine lacks, before any export. */
  @Test
  void exportRefusesAMissingGpuInOneLine(@TempDir Path dir) {
    try (YoloModel model = YoloModel.create("yolov8n.yaml", 2)) {
      var options = new TensorRtEngines.ExportOptions("99", false, 0, 1, 64, 64, false, 19);
      assertThatThrownBy(() -> TensorRtEngines.find().export(model, options, dir.resolve("m.engine")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(REFUSAL).hasMessageNotContaining("\n");
    }
    assertThat(dir).isEmptyDirectory();
  }

  /** The CPU build has no CUDA natives: opening an engine says what to build instead of the linker's trace. */
  @Test
  void openWithoutTheNativesSaysSoInOneLine(@TempDir Path dir) {
    assumeFalse(cudaNativesLoad(), "the CUDA natives are here (gpu profile)");
    Path file = dir.resolve("m.engine");
    String meta = EngineFile.metadataJson(List.of("box"), 32, 1, new int[] {64, 64}, false, false, false);
    new EngineFile(meta, new byte[] {1, 2, 3}).write(file);
    assertThatThrownBy(() -> TensorRtEngines.find().open(file, Device.cuda(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("running TensorRT engines needs the CUDA and TensorRT natives")
        .hasMessageEndingWith("build with the gpu profile, see docs/gpu.md").hasMessageNotContaining("\n");
  }

  private static boolean cudaNativesLoad() {
    try {
      Loader.load(cudart.class);
      return true;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return false;
    }
  }
}
