package dev.yolojava.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;

/** Loader and predict workers run OpenCV calls on their own thread: OpenCV's pool is off by default. */
class OpenCvThreadsTest {
  @Test
  void workersTurnOpenCvsOwnThreadsOff() {
    opencv_core.setNumThreads(4);
    assertThat(opencv_core.getNumThreads()).as("OpenCV threads before").isEqualTo(4);
    OpenCvThreads.forWorkers();
    assertThat(opencv_core.getNumThreads()).as("OpenCV threads after (yolo.opencv.threads unset)").isLessThanOrEqualTo(1);
  }
}
