package dev.yolojava.data.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.data.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticClassifyTest {
  @TempDir Path dir;

  @Test
  void writesABalancedFolderSetThatOpensAndRepeatsPerSeed() throws Exception {
    ClassifyFolders a = SyntheticClassify.write(dir.resolve("a"), 2, 1, 48, 3);
    ClassifyFolders b = SyntheticClassify.write(dir.resolve("b"), 2, 1, 48, 3);
    ClassifyFolders c = SyntheticClassify.write(dir.resolve("c"), 2, 1, 48, 4);
    // ImageFolder numbers the classes by sorted folder name
    assertThat(a.names()).containsExactly("bar", "box", "cross", "diamond", "disc", "ring", "star", "triangle");
    assertThat(SyntheticClassify.shapeNames()).containsExactlyInAnyOrderElementsOf(a.names());
    assertThat(a.valSplitName()).isEqualTo("val");
    ClassifySplit train = a.split("train");
    assertThat(train.size()).isEqualTo(16);
    assertThat(a.split("val").size()).isEqualTo(8);
    assertThat(train.verified().size()).isEqualTo(16);
    for (int k = 0; k < 8; k++) {
      int cls = k;
      assertThat(train.samples().stream().filter(s -> s.classIndex() == cls).count()).isEqualTo(2);
    }
    Path rel = Path.of("train", "ring", "00012.jpg"); // image 12 is class 12 % 8 = 4
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(rel))).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(rel)));
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(rel))).isNotEqualTo(Files.readAllBytes(dir.resolve("c").resolve(rel)));
    try (Mat m = Images.read(dir.resolve("a").resolve(rel))) {
      assertThat(m.rows()).isEqualTo(48);
      assertThat(m.cols()).isEqualTo(48);
    }
  }
}
