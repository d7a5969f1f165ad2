package dev.yolojava.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataConfigTest {
  @TempDir Path dir;

  @Test
  void namesAsMapAndRelativePathsResolveAgainstTheYamlFolder() {
    Path y = TestData.text(dir.resolve("d/data.yaml"),
        "path: ds\ntrain: images/train\nval: [images/val, extra/val.txt]\nnames:\n  1: dog\n  0: cat\n");
    DataConfig c = DataConfig.load(y);
    assertThat(c.names()).containsExactly("cat", "dog");
    assertThat(c.nc()).isEqualTo(2);
    assertThat(c.root()).isEqualTo(dir.resolve("d/ds").toAbsolutePath());
    assertThat(c.train()).containsExactly(dir.resolve("d/ds/images/train").toAbsolutePath());
    assertThat(c.val()).containsExactly(dir.resolve("d/ds/images/val").toAbsolutePath(),
        dir.resolve("d/ds/extra/val.txt").toAbsolutePath());
    assertThat(c.test()).isEmpty();
  }

  @Test
  void namesListNcOnlyAndValidationKey() {
    DataConfig a = DataConfig.load(TestData.text(dir.resolve("a.yaml"), "train: t\nval: v\nnames: [x, y, z]\n"));
    assertThat(a.names()).containsExactly("x", "y", "z");
    assertThat(a.root()).isEqualTo(dir.toAbsolutePath());
    DataConfig b = DataConfig.load(TestData.text(dir.resolve("b.yaml"), "train: t\nvalidation: v\nnc: 3\n"));
    assertThat(b.names()).containsExactly("class_0", "class_1", "class_2");
    assertThat(b.val()).containsExactly(dir.resolve("v").toAbsolutePath());
  }

  @Test
  void inconsistentOrMissingEntriesGiveClearErrors() {
    Path bad = TestData.text(dir.resolve("data.yaml"), "train: t\nval: v\nnc: 3\nnames: [a, b]\n");
    assertThatThrownBy(() -> DataConfig.load(bad)).hasMessage("data.yaml: 'nc' is 3 but 'names' has 2 entries");
    Path noTrain = TestData.text(dir.resolve("n.yaml"), "val: v\nnames: [a]\n");
    assertThatThrownBy(() -> DataConfig.load(noTrain)).hasMessageContaining("'train' key missing");
    Path gap = TestData.text(dir.resolve("g.yaml"), "train: t\nval: v\nnames: {0: a, 2: b}\n");
    assertThatThrownBy(() -> DataConfig.load(gap)).hasMessageContaining("2-class 'names' needs indices 0-1, got 0-2");
    Path twice = TestData.text(dir.resolve("t.yaml"), "train: t\nval: v\nnames: {0: a, '0': b}\n");
    assertThatThrownBy(() -> DataConfig.load(twice)).hasMessage("t.yaml: 'names' has index 0 twice ('a' and 'b')");
    Path nullKey = TestData.text(dir.resolve("k.yaml"), "train: t\nval: v\nnames:\n  ~: a\n");
    assertThatThrownBy(() -> DataConfig.load(nullKey)).hasMessage("k.yaml: 'names' key 'null' is not a class index");
    Path noNames = TestData.text(dir.resolve("x.yaml"), "train: t\nval: v\n");
    assertThatThrownBy(() -> DataConfig.load(noNames)).hasMessageContaining("either 'names' or 'nc' is required");
  }

  @Test
  void imageListsAndLabelPathMapping() {
    TestData.image(dir.resolve("ds/images/train/b.jpg"), 16, 16, 0, 0, 0);
    TestData.image(dir.resolve("ds/images/train/sub/a.png"), 16, 16, 0, 0, 0);
    TestData.text(dir.resolve("ds/images/train/notes.txt"), "not an image");
    Path list = TestData.text(dir.resolve("ds/list.txt"), "./images/train/b.jpg\n\nimages/train/sub/a.png\n");
    assertThat(ImageFiles.list(java.util.List.of(dir.resolve("ds/images/train")))).hasSize(2);
    assertThat(ImageFiles.list(java.util.List.of(list)))
        .containsExactly(dir.resolve("ds/images/train/b.jpg"), dir.resolve("ds/images/train/sub/a.png"));
    assertThat(ImageFiles.labelFor(Path.of("/x/images/y/images/train/a.b.jpg")))
        .isEqualTo(Path.of("/x/images/y/labels/train/a.b.txt"));
    assertThatThrownBy(() -> ImageFiles.list(java.util.List.of(dir.resolve("missing"))))
        .hasMessageContaining("does not exist");
  }
}
