package dev.yolojava.data.loader;

import static dev.yolojava.data.loader.DataLoaderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.cuda.Cuda;
import dev.yolojava.cuda.Device;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches whose JPEGs the GPU's JPEG engines decode are the batches OpenCV's decoding gives, byte for byte, also
 * when some images of a batch still decode on the CPU (here one that needs resizing). Needs a CUDA device with an
 * nvJPEG hardware decoder (A100, H100...); skipped elsewhere.
 */
class GpuJpegsTest {
  @TempDir Path dir;

  @Test
  void gpuDecodedBatchesAreOpenCvs() throws IOException {
    Assumptions.assumeTrue(Cuda.isAvailable(), "no CUDA device: skipping the GPU JPEG test");
    Path yaml = TestData.synthetic(dir.resolve("synth"), 14, 1, 5);
    Path images = yaml.getParent().resolve("images/train");
    // one image at another size: it is resized on load, so it stays with OpenCV
    Path first;
    try (var s = Files.list(images)) {
      first = s.sorted().findFirst().orElseThrow();
    }
    try (Mat m = opencv_imgcodecs.imread(first.toString()); Mat big = new Mat(); Size sz = new Size(200, 150)) {
      opencv_imgproc.resize(m, big, sz);
      opencv_imgcodecs.imwrite(first.toString(), big);
    }
    DataConfig data = DataConfig.load(yaml);
    List<byte[]> plain = batches(data, false);
    List<byte[]> gpu = batches(data, true);
    assertThat(gpu).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(gpu.get(i)).as("batch %s", i).isEqualTo(plain.get(i));
    }
  }

  private static List<byte[]> batches(DataConfig data, boolean onGpu) {
    List<byte[]> out = new ArrayList<>();
    org.bytedeco.pytorch.Device cuda = Device.cuda(0).toTorch();
    try (YoloDataset ds = YoloDataset.open(data, Split.TRAIN, DatasetOptions.of(160));
        DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(),
            LoaderOptions.train(4, 2).withSeed(3).withRenderOnDevice(true))) {
      if (onGpu) {
        Assumptions.assumeTrue(l.decodeJpegsOn(Device.cuda(0)),
            "no nvJPEG hardware decoder: skipping the GPU JPEG test");
      }
      for (int epoch = 0; epoch < 2; epoch++) {
        l.setEpoch(epoch);
        for (Batch b : l) {
          try (PointerScope scope = new PointerScope(); b; Batch r = b.to(cuda, false)) {
            out.add(bytes(r.images().cpu()));
          }
        }
      }
      if (onGpu) {
        long[] counts = l.decodeCounts();
        assertThat(counts[0]).as("images decoded on the GPU").isPositive();
        assertThat(counts[1]).as("images decoded by OpenCV (the resized one)").isPositive();
      }
    }
    return out;
  }

  /** Entry point for a GPU machine without a test runner. */
  public static void main(String[] args) throws IOException {
    GpuJpegsTest t = new GpuJpegsTest();
    t.dir = Files.createTempDirectory("gpujpegs");
    t.gpuDecodedBatchesAreOpenCvs();
    System.out.println("GpuJpegsTest ok");
  }
}
