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
  void poseKeysAreReadAndChecked() {
    DataConfig p = DataConfig.load(TestData.text(dir.resolve("p.yaml"),
        "train: t\nval: v\nkpt_shape: [4, 3]\nflip_idx: [0, 3, 2, 1]\nnames: [kite]\n"));
    assertThat(p.keypoints()).isEqualTo(new KeypointSpec(4, 3, java.util.List.of(0, 3, 2, 1)));
    assertThat(p.keypoints().columns()).isEqualTo(17);
    DataConfig noFlip = DataConfig.load(TestData.text(dir.resolve("q.yaml"),
        "train: t\nval: v\nkpt_shape: [17, 2]\nnames: [person]\n"));
    assertThat(noFlip.keypoints().flipIdx()).isEmpty();
    assertThat(DataConfig.load(TestData.text(dir.resolve("r.yaml"), "train: t\nval: v\nnames: [a]\n")).keypoints())
        .isNull();
    String[][] bad = {
        {"kpt_shape: [4, 4]", "b1.yaml: kpt_shape is [4, 4], expected [number of keypoints, number of dims (2 for x,y"
            + " or 3 for x,y,visible)], e.g. [17, 3]"},
        {"kpt_shape: 4", "b2.yaml: 'kpt_shape' is 4, expected a list of integers"},
        {"kpt_shape: [4]", "b3.yaml: 'kpt_shape' is [4], expected [number of keypoints, number of dims"},
        {"kpt_shape: [4, 3]\nflip_idx: [0, 1, 2]", "b4.yaml: flip_idx=[0, 1, 2] has 3 entries, expected kpt_shape[0]=4"},
        {"kpt_shape: [4, 3]\nflip_idx: [0, 3, 3, 1]", "b5.yaml: flip_idx=[0, 3, 3, 1] is not a permutation of 0-3: 3 is"
            + " repeated"},
        {"kpt_shape: [4, 3]\nflip_idx: [0, 4, 2, 1]", "b6.yaml: flip_idx=[0, 4, 2, 1] is not a permutation of 0-3: 4 is"
            + " out of range"},
        {"flip_idx: [0, 1]", "b7.yaml: 'flip_idx' without 'kpt_shape'"}};
    for (int i = 0; i < bad.length; i++) {
      Path y = TestData.text(dir.resolve("b" + (i + 1) + ".yaml"), "train: t\nval: v\nnames: [a]\n" + bad[i][0] + "\n");
      assertThatThrownBy(() -> DataConfig.load(y)).as(bad[i][0]).hasMessageStartingWith(bad[i][1]);
    }
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
