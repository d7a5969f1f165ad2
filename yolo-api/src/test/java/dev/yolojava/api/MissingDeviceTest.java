package dev.yolojava.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * A GPU this machine lacks is refused in one line, as Ultralytics' select_device does, in predict, val and train (GPU
 * 99 is missing everywhere; before, the first tensor op on it failed with libtorch's dispatcher dump). The TensorRT
 * export's refusal is checked in yolo-tensorrt, which this module's tests do not have.
 */
class MissingDeviceTest {
  private static final String REFUSAL = "Invalid CUDA 'device=99' requested. Use 'device=cpu' or pass valid CUDA"
      + " device(s) if available, i.e. 'device=0' or 'device=0,1,2,3' for Multi-GPU (CUDA available: ";

  @Test
  void predictValAndTrainRefuseAMissingGpuInOneLine() throws Exception {
    try (Yolo model = Yolo.create("yolov8n.yaml", 8)) {
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
      assertThatThrownBy(() -> model.predict(image, PredictConfig.builder().device("99").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(REFUSAL).hasMessageNotContaining("\n");
      assertThatThrownBy(() -> model.val(ValConfig.builder().data("synthetic:train=4,val=4,size=64x64")
          .device("cuda:99").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(REFUSAL);
      assertThatThrownBy(() -> model.train(TrainConfig.builder().data("synthetic:train=4,val=4,size=64x64")
          .epochs(1).device("0,99").build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(REFUSAL.replace("=99", "=0,99"));
    }
  }
}
