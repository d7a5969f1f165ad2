package dev.yolojava.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.Split;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {
  @TempDir Path dir;

  @Test
  void sameSeedWritesIdenticalFilesAndADatasetThatScansClean() throws Exception {
    SyntheticSpec spec = new SyntheticSpec(6, 2, 5, 96, 64);
    Path a = SyntheticDataset.write(dir.resolve("a"), spec);
    Path b = SyntheticDataset.write(dir.resolve("b"), spec);
    Path c = SyntheticDataset.write(dir.resolve("c"), new SyntheticSpec(6, 2, 6, 96, 64));
    for (String f : new String[] {"images/train/train_000003.jpg", "labels/val/val_000001.txt"}) {
      assertThat(Files.readAllBytes(a.resolveSibling(f))).isEqualTo(Files.readAllBytes(b.resolveSibling(f)));
    }
    assertThat(Files.readString(a.resolveSibling("labels/train/train_000000.txt")))
        .isNotEqualTo(Files.readString(c.resolveSibling("labels/train/train_000000.txt")));
    DataConfig cfg = DataConfig.load(a);
    assertThat(cfg.names()).containsExactly("box", "disc", "triangle", "cross", "ring", "diamond", "bar", "star");
    try (YoloDataset ds = YoloDataset.open(cfg, Split.TRAIN, DatasetOptions.of(96))) {
      assertThat(ds.report().summary()).isEqualTo("6 images, 0 backgrounds, 0 corrupt");
      assertThat(ds.labels(0).height()).isEqualTo(64);
      for (var l : ds.labels()) {
        assertThat(l.size()).isBetween(1, 8);
        float[] bx = l.boxes();
        for (int i = 0; i < bx.length; i += 4) {
          assertThat(bx[i] - bx[i + 2] / 2).isGreaterThanOrEqualTo(0f);
          assertThat(bx[i] + bx[i + 2] / 2).isLessThanOrEqualTo(1f);
        }
      }
    }
  }

  @Test
  void aBoxShapeFillsItsLabelExactly() throws Exception {
    // find a 'box' (class 0) label and check the pixels just inside and outside its edges differ in colour
    Path yaml = SyntheticDataset.write(dir, new SyntheticSpec(30, 0, 1, 160, 120));
    int checked = 0;
    for (int i = 0; i < 30 && checked < 3; i++) {
      Path lab = yaml.resolveSibling(String.format("labels/train/train_%06d.txt", i));
      String[] lines = Files.readString(lab).strip().split("\n");
      if (!lines[lines.length - 1].startsWith("0 ")) {
        continue; // only a box drawn last is certainly not covered by another shape
      }
      String[] t = lines[lines.length - 1].split(" ");
      int x0 = (int) Math.round((Double.parseDouble(t[1]) - Double.parseDouble(t[3]) / 2) * 160);
      int y0 = (int) Math.round((Double.parseDouble(t[2]) - Double.parseDouble(t[4]) / 2) * 120);
      int x1 = (int) Math.round((Double.parseDouble(t[1]) + Double.parseDouble(t[3]) / 2) * 160);
      try (Mat img = Images.read(yaml.resolveSibling(String.format("images/train/train_%06d.jpg", i)))) {
        byte[] in = new byte[3];
        byte[] in2 = new byte[3];
        img.ptr(y0 + 2, x0 + 2).get(in);
        img.ptr(y0 + 2, x1 - 2).get(in2);
        for (int k = 0; k < 3; k++) {
          assertThat(Math.abs((in[k] & 0xff) - (in2[k] & 0xff))).isLessThan(24); // one flat colour (JPEG noise)
        }
      }
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void specParsingAndCachedGeneration() {
    assertThat(SyntheticSpec.parse("synthetic")).isEqualTo(new SyntheticSpec(4000, 500, 0, 640, 480));
    assertThat(SyntheticSpec.parse("synthetic:train=8,val=2,seed=3,size=64x48"))
        .isEqualTo(new SyntheticSpec(8, 2, 3, 64, 48));
    assertThatThrownBy(() -> SyntheticSpec.parse("synthetic:colour=red"))
        .hasMessageContaining("unknown synthetic option 'colour'");
    String old = System.getProperty("yolo.cache.dir");
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    try {
      DataConfig cfg = DataConfig.resolve("synthetic:train=4,val=2,size=64x48");
      assertThat(cfg.root()).isEqualTo(dir.resolve("cache/synthetic-4-2-s0-64x48").toAbsolutePath());
      assertThat(cfg.train()).containsExactly(cfg.root().resolve("images/train"));
      assertThat(cfg.root().resolve("images/val/val_000001.jpg")).isRegularFile();
      assertThat(DataConfig.resolve("synthetic:train=4,val=2,size=64x48").root()).isEqualTo(cfg.root());
    } finally {
      if (old == null) {
        System.clearProperty("yolo.cache.dir");
      } else {
        System.setProperty("yolo.cache.dir", old);
      }
    }
  }
}
