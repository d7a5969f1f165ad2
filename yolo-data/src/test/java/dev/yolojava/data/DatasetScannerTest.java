package dev.yolojava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetScannerTest {
  @TempDir Path dir;

  private Path img(String name) {
    return TestData.image(dir.resolve("images/train/" + name + ".jpg"), 64, 48, 40, 80, 120);
  }

  private void label(String name, String text) {
    TestData.text(dir.resolve("labels/train/" + name + ".txt"), text);
  }

  /** Ultralytics' {@code classes}: only those classes' labels stay; images left without any stay as background. */
  @Test
  void classesKeepsOnlyThoseLabels() throws Exception {
    img("a");
    label("a", "0 0.5 0.5 0.5 0.5\n2 0.3 0.3 0.1 0.1\n1 0.2 0.2 0.1 0.1\n");
    img("b");
    label("b", "1 0.5 0.5 0.2 0.2\n");
    List<Path> src = List.of(dir.resolve("images/train"));
    List<String> names = List.of("x", "y", "z");
    try (YoloDataset ds = YoloDataset.open(src, names, DatasetOptions.of(64).withClasses(List.of(2, 0)), "")) {
      assertThat(ds.size()).isEqualTo(2);
      assertThat(ds.labels(0).cls()).containsExactly(0f, 2f);
      assertThat(ds.labels(0).boxes()).containsExactly(0.5f, 0.5f, 0.5f, 0.5f, 0.3f, 0.3f, 0.1f, 0.1f);
      assertThat(ds.labels(1).size()).isZero();
    }
    // single_cls after the filter: the kept labels become class 0
    DatasetOptions single = DatasetOptions.of(64).withClasses(List.of(1)).withSingleCls(true);
    try (YoloDataset ds = YoloDataset.open(src, names, single, "")) {
      assertThat(ds.labels(0).cls()).containsExactly(0f);
      assertThat(ds.labels(0).boxes()).containsExactly(0.2f, 0.2f, 0.1f, 0.1f);
      assertThat(ds.labels(1).cls()).containsExactly(0f);
    }
    assertThatThrownBy(() -> YoloDataset.open(src, names, DatasetOptions.of(64).withClasses(List.of(3)), ""))
        .hasMessage("classes=[3]: class 3 is not one of the data set's 3 classes (0-2)");
  }

  @Test
  void brokenFilesAreReportedSkippedAndNothingValidIsLost() throws Exception {
    img("a_ok");
    label("a_ok", "0 0.5 0.5 0.5 0.5\n");
    Path trunc = img("b_truncated");
    byte[] full = Files.readAllBytes(trunc);
    Files.write(trunc, Arrays.copyOf(full, full.length / 2));
    label("b_truncated", "0 0.5 0.5 0.5 0.5\n");
    img("c_six_columns");
    label("c_six_columns", "1 0.5 0.5 0.2 0.2 0.3\n2 0.3 0.3 0.1 0.1\n");
    img("d_class99");
    label("d_class99", "99 0.5 0.5 0.2 0.2\n7 0.2 0.2 0.1 0.1\n");
    img("e_empty");
    label("e_empty", "");
    img("f_no_label");

    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    try (YoloDataset ds = YoloDataset.open(List.of(dir.resolve("images/train")), names, DatasetOptions.of(64), "")) {
      ScanReport r = ds.report();
      assertThat(r.summary()).isEqualTo("4 images, 2 backgrounds, 1 corrupt, 2 bad label lines skipped");
      assertThat(new int[] {r.found(), r.missing(), r.empty(), r.corrupt(), r.badLines()})
          .containsExactly(4, 1, 1, 1, 2);
      assertThat(r.fromCache()).isFalse();
      assertThat(r.messages()).hasSize(3);
      assertThat(r.messages().get(0)).endsWith("b_truncated.jpg: ignoring corrupt image: truncated JPEG "
          + "(no end-of-image marker, " + full.length / 2 + " bytes)");
      assertThat(r.messages().get(1)).endsWith("c_six_columns.txt:1: 6 columns, expected 5 (cls cx cy w h) or a "
          + "polygon (cls x1 y1 x2 y2 x3 y3 ...); line skipped");
      assertThat(r.messages().get(2)).endsWith(
          "d_class99.txt:1: class 99 exceeds the dataset's class count 8 (classes 0-7); line skipped");
      assertThat(ds.size()).isEqualTo(5);
      assertThat(ds.labels().stream().map(l -> l.image().getFileName().toString()))
          .containsExactly("a_ok.jpg", "c_six_columns.jpg", "d_class99.jpg", "e_empty.jpg", "f_no_label.jpg");
      assertThat(ds.labels(0).cls()).containsExactly(0f);
      assertThat(ds.labels(1).cls()).containsExactly(2f);
      assertThat(ds.labels(1).boxes()).containsExactly(0.3f, 0.3f, 0.1f, 0.1f);
      assertThat(ds.labels(2).cls()).containsExactly(7f);
      assertThat(ds.labels(3).size()).isZero();
      assertThat(ds.labels(4).size()).isZero();
      assertThat(ds.labels(0).height()).isEqualTo(48);
      assertThat(ds.labels(0).width()).isEqualTo(64);
    }
  }

  @Test
  void secondOpenReadsTheCacheUntilAFileChanges() throws Exception {
    img("x");
    label("x", "0 0.5 0.5 0.5 0.5\n");
    img("y");
    label("y", "1 0.5 0.5 0.25 0.25\n9 0.5 0.5 0.2 0.2\n");
    List<String> names = List.of("a", "b");
    List<Path> src = List.of(dir.resolve("images/train"));
    try (YoloDataset first = YoloDataset.open(src, names, DatasetOptions.of(64), "")) {
      assertThat(first.report().fromCache()).isFalse();
    }
    assertThat(dir.resolve("labels/train.yolojava.cache")).isRegularFile();
    try (YoloDataset second = YoloDataset.open(src, names, DatasetOptions.of(64), "")) {
      assertThat(second.report().fromCache()).isTrue();
      assertThat(second.report().summary()).isEqualTo("2 images, 0 backgrounds, 0 corrupt, 1 bad label lines skipped");
      assertThat(second.report().messages()).hasSize(1);
      assertThat(second.labels(1).boxes()).containsExactly(0.5f, 0.5f, 0.25f, 0.25f);
    }
    Path y = dir.resolve("labels/train/y.txt");
    Files.writeString(y, "1 0.5 0.5 0.125 0.125\n");
    Files.setLastModifiedTime(y, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    try (YoloDataset third = YoloDataset.open(src, names, DatasetOptions.of(64), "")) {
      assertThat(third.report().fromCache()).isFalse();
      assertThat(third.labels(1).boxes()).containsExactly(0.5f, 0.5f, 0.125f, 0.125f);
    }
    // a different class count is a different scan (class validity depends on it)
    try (YoloDataset fourth = YoloDataset.open(src, List.of("a"), DatasetOptions.of(64), "")) {
      assertThat(fourth.report().fromCache()).isFalse();
      assertThat(fourth.report().badLines()).isEqualTo(1);
    }
  }

  @Test
  void keypointLabelsAreCachedAndAnotherKptShapeScansAgain() throws Exception {
    img("p");
    label("p", "0 0.5 0.5 0.5 0.5 0.5 0.25 2 0.75 0.5 2\n0 0.2 0.2 0.1 0.1 0.2 0.15 1 0.25 0.2 0\n");
    List<String> names = List.of("kite");
    List<Path> src = List.of(dir.resolve("images/train"));
    DatasetOptions o = DatasetOptions.of(64).withKeypoints(new KeypointSpec(2, 3, List.of(1, 0)));
    try (YoloDataset first = YoloDataset.open(src, names, o, "")) {
      assertThat(first.report().fromCache()).isFalse();
      assertThat(first.labels(0).keypoints()[1]).containsExactly(0.2f, 0.15f, 1f, 0.25f, 0.2f, 0f);
    }
    try (YoloDataset second = YoloDataset.open(src, names, o, "")) {
      assertThat(second.report().fromCache()).isTrue();
      assertThat(second.labels(0).keypoints()[0]).containsExactly(0.5f, 0.25f, 2f, 0.75f, 0.5f, 2f);
      assertThat(second.labels(0).hasKeypoints()).isTrue();
    }
    // read with another kpt_shape, every line has the wrong column count: a scan of its own, naming them
    try (YoloDataset other = YoloDataset.open(src, names,
        DatasetOptions.of(64).withKeypoints(new KeypointSpec(3, 3, List.of())), "")) {
      assertThat(other.report().fromCache()).isFalse();
      assertThat(other.labels(0).size()).isZero();
      assertThat(other.report().messages()).first().asString().contains("p.txt:1: 11 columns, expected 14 for kpt_shape"
          + " [3, 3]");
    }
  }
}
