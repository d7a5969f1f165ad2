package dev.yolojava.data.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyLoaderTest {
  @TempDir static Path dir;
  static ClassifyFolders folders;

  @BeforeAll
  static void data() {
    folders = SyntheticClassify.write(dir, 3, 1, 40, 7); // 24 train, 8 val images
  }

  private static List<ClassifyBatch> all(ClassifyLoader l, int epoch) {
    List<ClassifyBatch> out = new ArrayList<>();
    l.epoch(epoch).forEachRemaining(out::add);
    return out;
  }

  @Test
  void everyImageOncePerEpochWithAPartialLastBatch() {
    ClassifySplit train = folders.split("train");
    try (ClassifyLoader l = new ClassifyLoader(train, 10, 32, true, ClassifyAugment.defaults(), 3, 0, true)) {
      assertThat(l.batchesPerEpoch()).isEqualTo(3);
      List<ClassifyBatch> bs = all(l, 0);
      assertThat(bs).extracting(ClassifyBatch::count).containsExactly(10, 10, 4);
      List<Path> files = bs.stream().flatMap(b -> b.files().stream()).toList();
      assertThat(files).containsExactlyInAnyOrderElementsOf(train.samples().stream().map(ClassifySample::file).toList());
      for (ClassifyBatch b : bs) {
        assertThat(b.size()).isEqualTo(32);
        assertThat(b.pixels()).hasSize(b.count() * 3 * 32 * 32);
        for (int i = 0; i < b.count(); i++) {
          // the label is the class folder the file sits in
          assertThat(train.names().get(b.labels()[i])).isEqualTo(b.files().get(i).getParent().getFileName().toString());
        }
        for (float v : b.pixels()) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
      List<Path> next = all(l, 1).stream().flatMap(b -> b.files().stream()).toList();
      assertThat(next).containsExactlyInAnyOrderElementsOf(files).isNotEqualTo(files); // reshuffled
    }
  }

  @Test
  void sameSeedGivesTheSameBatchesForAnyWorkerCount() {
    ClassifySplit train = folders.split("train");
    List<ClassifyBatch> one;
    List<ClassifyBatch> four;
    try (ClassifyLoader l = new ClassifyLoader(train, 7, 24, true, ClassifyAugment.defaults(), 1, 42, true)) {
      one = all(l, 2);
    }
    try (ClassifyLoader l = new ClassifyLoader(train, 7, 24, true, ClassifyAugment.defaults(), 4, 42, true)) {
      four = all(l, 2);
    }
    assertThat(four).hasSameSizeAs(one);
    for (int b = 0; b < one.size(); b++) {
      assertThat(four.get(b).files()).isEqualTo(one.get(b).files());
      assertThat(four.get(b).labels()).isEqualTo(one.get(b).labels());
      assertThat(four.get(b).pixels()).isEqualTo(one.get(b).pixels());
    }
    try (ClassifyLoader l = new ClassifyLoader(train, 7, 24, true, ClassifyAugment.defaults(), 2, 43, true)) {
      assertThat(all(l, 2).get(0).files()).isNotEqualTo(one.get(0).files());
    }
  }

  @Test
  void validationKeepsFolderOrderAndMatchesEvalTransforms() {
    ClassifySplit val = folders.split(folders.valSplitName());
    try (ClassifyLoader l = new ClassifyLoader(val, 3, 32, false, null, 2, 0, false).cacheInRam()) {
      List<ClassifyBatch> bs = all(l, 0);
      assertThat(bs).extracting(ClassifyBatch::count).containsExactly(3, 3, 2);
      assertThat(bs.stream().flatMap(b -> b.files().stream()).toList())
          .isEqualTo(val.samples().stream().map(ClassifySample::file).toList());
      Rgb first = ClassifyLoader.decodeRgb(val.sample(0).file());
      float[] expected = ClassifyTransforms.eval(first.px(), first.h(), first.w(), 32);
      float[] got = new float[expected.length];
      System.arraycopy(bs.get(0).pixels(), 0, got, 0, got.length);
      assertThat(got).isEqualTo(expected);
      // a second pass comes from the RAM cache, unchanged
      assertThat(all(l, 1).get(2).pixels()).isEqualTo(bs.get(2).pixels());
    }
  }

  @Test
  void decodesAsRgb() throws Exception {
    Path f = folders.split("train").sample(0).file();
    Rgb rgb = ClassifyLoader.decodeRgb(f);
    try (var bgr = dev.yolojava.data.image.Images.read(f)) {
      byte[] b = new byte[3];
      bgr.ptr(0, 0).get(b);
      assertThat(new byte[] {rgb.px()[2], rgb.px()[1], rgb.px()[0]}).isEqualTo(b);
    }
  }

  @Test
  void aNewEpochAbandonsTheOldIterationAndErrorsNameTheFile() throws Exception {
    ClassifySplit train = folders.split("train");
    try (ClassifyLoader l = new ClassifyLoader(train, 8, 16, false, null, 2, 0, false)) {
      Iterator<ClassifyBatch> a = l.epoch(0);
      a.next();
      Iterator<ClassifyBatch> b = l.epoch(1);
      assertThat(a.hasNext()).isFalse();
      assertThatThrownBy(a::next).isInstanceOf(NoSuchElementException.class);
      assertThat(b.next().count()).isEqualTo(8);
    }
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad.resolve("train/x"));
    Files.writeString(bad.resolve("train/x/broken.jpg"), "no jpeg");
    ClassifySplit s = ClassifyFolders.open(bad).split("train");
    try (ClassifyLoader l = new ClassifyLoader(s, 4, 16, false, null, 1, 0, false)) {
      assertThatThrownBy(() -> l.epoch(0).next()).hasMessageContaining("broken.jpg");
    }
  }
}
