package dev.yolojava.data.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyFoldersTest {
  @TempDir Path root;

  private void touch(String rel) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
  }

  private List<String> rel(ClassifySplit s) {
    return s.samples().stream().map(x -> root.relativize(x.file()).toString() + ":" + x.classIndex()).toList();
  }

  @Test
  void listsClassesAndFilesInImageFolderOrder() throws Exception {
    touch("train/dog/b.png");
    touch("train/dog/A.JPG");
    touch("train/dog/notes.txt"); // not an image extension
    touch("train/dog/s/a.jpg"); // a sub-folder comes after the class folder's own files
    touch("train/dog/s-t/c.webp"); // "dog/s-t" sorts before "dog/s/..." but after "dog/s"
    touch("train/cat/z.jpeg");
    touch("train/cat/y.Tiff");
    touch("val/dog/q.bmp");
    ClassifyFolders f = ClassifyFolders.open(root);
    assertThat(f.names()).containsExactly("cat", "dog");
    assertThat(f.valSplitName()).isEqualTo("val");
    assertThat(rel(f.split("train"))).containsExactly("train/cat/y.Tiff:0", "train/cat/z.jpeg:0",
        "train/dog/A.JPG:1", "train/dog/b.png:1", "train/dog/s/a.jpg:1", "train/dog/s-t/c.webp:1");
    // val/ lacks cat: dog keeps train's index 1
    assertThat(rel(f.split("val"))).containsExactly("val/dog/q.bmp:1");
  }

  @Test
  void walksSubFoldersInSortedPathOrder() throws Exception {
    // sorted(os.walk): "k/a-b" comes before "k/a/c" because '-' (0x2d) sorts before '/' (0x2f)
    touch("train/k/a/c/1.jpg");
    touch("train/k/a-b/2.jpg");
    touch("train/k/a/3.jpg");
    touch("train/k/0.jpg");
    ClassifyFolders f = ClassifyFolders.open(root);
    assertThat(rel(f.split("train"))).containsExactly("train/k/0.jpg:0", "train/k/a/3.jpg:0", "train/k/a-b/2.jpg:0",
        "train/k/a/c/1.jpg:0");
  }

  @Test
  void validatesOnTestWhenThereIsNoVal() throws Exception {
    touch("train/a/1.jpg");
    touch("test/a/2.jpg");
    ClassifyFolders f = ClassifyFolders.open(root);
    assertThat(f.valSplitName()).isEqualTo("test");
    assertThat(f.split(f.valSplitName()).size()).isEqualTo(1);
  }

  @Test
  void clearErrors() throws Exception {
    assertThatThrownBy(() -> ClassifyFolders.open(root.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ClassifyFolders.open(root))
        .hasMessageContaining("has no train/ folder");
    touch("train/a/1.jpg");
    touch("train/b/readme.txt");
    ClassifyFolders ok = ClassifyFolders.open(root);
    assertThatThrownBy(ok::valSplitName).hasMessageContaining("neither val/ nor test/");
    assertThatThrownBy(() -> ok.split("holdout")).hasMessageContaining("split is 'holdout'");
    assertThatThrownBy(() -> ok.split("val")).hasMessageContaining("has no val/ folder");
    touch("val/x/1.jpg");
    assertThatThrownBy(() -> ClassifyFolders.open(root))
        .hasMessageContaining("val/ has class folder 'x' that train/ lacks");
    Files.delete(root.resolve("val/x/1.jpg"));
    Files.delete(root.resolve("val/x"));
    Files.createDirectories(root.resolve("val/a"));
    assertThatThrownBy(() -> ClassifyFolders.open(root).split("val")).hasMessageContaining("no images found in");
  }

  @Test
  void fractionKeepsTheFirstRoundedShare() throws Exception {
    for (int i = 0; i < 5; i++) {
      touch("train/a/" + i + ".jpg");
    }
    ClassifySplit s = ClassifyFolders.open(root).split("train");
    assertThat(s.withFraction(1.0)).isSameAs(s);
    assertThat(s.withFraction(0.5).size()).isEqualTo(2); // round(2.5) = 2, Python's half to even
    assertThat(s.withFraction(0.7).samples()).isEqualTo(s.samples().subList(0, 4));
    assertThatThrownBy(() -> s.withFraction(0.05)).hasMessageContaining("keeps none");
    assertThatThrownBy(() -> s.withFraction(0)).hasMessageContaining("expected a number in (0, 1]");
  }

  @Test
  void verifiedDropsUnreadableImages() throws Exception {
    Files.createDirectories(root.resolve("train/a"));
    try (Mat m = new Mat(12, 16, opencv_core.CV_8UC3, new Scalar(10, 20, 30, 0));
        Mat tiny = new Mat(5, 16, opencv_core.CV_8UC3, new Scalar(10, 20, 30, 0))) {
      opencv_imgcodecs.imwrite(root.resolve("train/a/good.png").toString(), m);
      opencv_imgcodecs.imwrite(root.resolve("train/a/good2.jpg").toString(), m);
      opencv_imgcodecs.imwrite(root.resolve("train/a/tiny.png").toString(), tiny);
    }
    Files.writeString(root.resolve("train/a/bad.jpg"), "not an image");
    Files.write(root.resolve("train/a/empty.png"), new byte[0]);
    ClassifySplit s = ClassifyFolders.open(root).split("train");
    assertThat(s.size()).isEqualTo(5);
    ClassifySplit v = s.verified();
    assertThat(v.samples()).extracting(x -> x.file().getFileName().toString())
        .containsExactly("good.png", "good2.jpg");
    assertThat(v.verified()).isSameAs(v);
  }
}
