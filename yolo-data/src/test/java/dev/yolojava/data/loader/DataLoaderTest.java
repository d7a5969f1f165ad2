package dev.yolojava.data.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.yolojava.data.CacheMode;
import dev.yolojava.data.DataConfig;
import dev.yolojava.data.DatasetOptions;
import dev.yolojava.data.RatioPad;
import dev.yolojava.data.Split;
import dev.yolojava.data.TestData;
import dev.yolojava.data.YoloDataset;
import dev.yolojava.data.augment.AugmentConfig;
import dev.yolojava.data.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
  @TempDir static Path dir;
  static DataConfig data;

  @BeforeAll
  static void makeData() {
    data = DataConfig.load(TestData.synthetic(dir.resolve("synth"), 12, 5, 7));
  }

  static YoloDataset train(CacheMode cache) {
    return YoloDataset.open(data, Split.TRAIN, DatasetOptions.of(160).withCache(cache).withThreads(2));
  }

  static byte[] bytes(Tensor t) {
    byte[] b = new byte[(int) t.numel()];
    if (b.length > 0) {
      new BytePointer(t.data_ptr()).capacity(b.length).get(b);
    }
    return b;
  }

  static float[] floats(Tensor t) {
    float[] f = new float[(int) t.numel()];
    if (f.length > 0) {
      new FloatPointer(t.data_ptr()).capacity(f.length).get(f);
    }
    return f;
  }

  /** SHA-256 over every batch's images and targets of one epoch. */
  static String epochHash(DataLoader loader) {
    Hasher h = Hashing.sha256().newHasher();
    try (PointerScope scope = new PointerScope()) {
      for (Batch b : loader) {
        try (b) {
          h.putBytes(bytes(b.images()));
          for (Tensor t : new Tensor[] {b.batchIdx(), b.cls(), b.bboxes()}) {
            for (float v : floats(t)) {
              h.putFloat(v);
            }
          }
        }
      }
    }
    return h.hash().toString();
  }

  @Test
  void renderingOnTheDeviceLeavesCoresToTheThreadsFeedingIt() {
    LoaderOptions cpu = LoaderOptions.train(8, 16);
    assertThat(DataLoader.decodeWorkers(cpu, 16)).isEqualTo(16);
    assertThat(DataLoader.decodeWorkers(cpu.withRenderOnDevice(true), 16)).isEqualTo(12);
    assertThat(DataLoader.decodeWorkers(LoaderOptions.train(8, 8).withRenderOnDevice(true), 16)).isEqualTo(8);
    assertThat(DataLoader.decodeWorkers(cpu.withRenderOnDevice(true), 8)).isEqualTo(6);
    assertThat(DataLoader.decodeWorkers(cpu.withRenderOnDevice(true), 2)).isEqualTo(2);
  }

  @Test
  void trainBatchesAreCollatedLikeUltralytics() {
    try (YoloDataset ds = train(CacheMode.NONE);
        DataLoader loader = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(5, 2));
        PointerScope scope = new PointerScope()) {
      assertThat(loader.numBatches()).isEqualTo(3);
      List<Integer> sizes = new ArrayList<>();
      Set<Path> seen = new HashSet<>();
      for (Batch b : loader) {
        try (b) {
          sizes.add(b.size());
          seen.addAll(b.paths());
          assertThat(b.images().sizes().vec().get()).containsExactly(b.size(), 3, 160, 160);
          assertThat(b.images().scalar_type().intern()).isEqualTo(org.bytedeco.pytorch.global.torch.ScalarType.Byte);
          int n = b.targets();
          assertThat(n).isPositive();
          assertThat(b.cls().sizes().vec().get()).containsExactly(n, 1);
          assertThat(b.bboxes().sizes().vec().get()).containsExactly(n, 4);
          float[] bi = floats(b.batchIdx());
          for (int i = 1; i < n; i++) {
            assertThat(bi[i]).isGreaterThanOrEqualTo(bi[i - 1]);
          }
          assertThat(bi[n - 1]).isLessThan(b.size());
          for (float v : floats(b.bboxes())) {
            assertThat(v).isBetween(0f, 1f);
          }
          for (float c : floats(b.cls())) {
            assertThat(c).isBetween(0f, 7f);
          }
          assertThat(b.origShapes().get(0)).containsExactly(120, 160);
          assertThat(b.ratioPads()).isNull();
        }
      }
      assertThat(sizes).containsExactly(5, 5, 2);
      assertThat(seen).hasSize(12);
    }
  }

  @Test
  void sameSeedGivesIdenticalBatchesForAnyWorkerCount() {
    try (YoloDataset ds = train(CacheMode.NONE)) {
      String one;
      String three;
      String otherSeed;
      String nextEpoch;
      try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(4, 1).withSeed(3))) {
        one = epochHash(l);
        l.setEpoch(1);
        nextEpoch = epochHash(l);
      }
      try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(),
          LoaderOptions.train(4, 3).withSeed(3).withPrefetch(2))) {
        three = epochHash(l);
        assertThat(epochHash(l)).isEqualTo(three); // re-running an epoch repeats it
      }
      try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(4, 2).withSeed(4))) {
        otherSeed = epochHash(l);
      }
      try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(4, 2).withSeed(3))) {
        l.setEpoch(1); // afresh, where the first loader's epoch 1 began while epoch 0 was still being taken
        assertThat(epochHash(l)).isEqualTo(nextEpoch);
      }
      assertThat(three).isEqualTo(one);
      assertThat(otherSeed).isNotEqualTo(one);
      assertThat(nextEpoch).isNotEqualTo(one);
    }
  }

  @Test
  void ramAndDiskCachesGiveTheSameBatchesAsDecoding() throws Exception {
    // without a RAM cache mosaic partners come from the batch's decoded pool; RAM draws from the whole set, so the
    // RAM comparison runs without mosaic, where no partner is drawn
    AugmentConfig noMosaic = AugmentConfig.defaults().withMosaic(0);
    String plain;
    String plainNoMosaic;
    try (YoloDataset ds = train(CacheMode.NONE)) {
      try (DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(6, 2))) {
        plain = epochHash(l);
      }
      try (DataLoader l = DataLoader.train(ds, noMosaic, LoaderOptions.train(6, 2))) {
        plainNoMosaic = epochHash(l);
      }
    }
    try (YoloDataset ds = train(CacheMode.RAM);
        DataLoader l = DataLoader.train(ds, noMosaic, LoaderOptions.train(6, 2))) {
      assertThat(ds.cacheMode()).isEqualTo(CacheMode.RAM);
      assertThat(epochHash(l)).isEqualTo(plainNoMosaic);
    }
    try (YoloDataset ds = train(CacheMode.DISK);
        DataLoader l = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(6, 2))) {
      assertThat(ds.cacheMode()).isEqualTo(CacheMode.DISK);
      Path npy = dir.resolve("synth/images/train/train_000000.160.npy");
      assertThat(npy).isRegularFile();
      assertThat(Files.size(npy)).isEqualTo(128 + 160 * 120 * 3); // 128-byte NumPy header + uint8 pixels
      assertThat(epochHash(l)).isEqualTo(plain);
    }
    assertThat(plainNoMosaic).isNotEqualTo(plain);
  }

  @Test
  void shardsCoverTheDataOnceAndDropLastDropsTheRemainder() {
    try (YoloDataset ds = train(CacheMode.NONE)) {
      assertThat(EpochPlan.train(12, 160, LoaderOptions.train(5, 1).withDropLast(true), 0)).hasSize(2);
      for (boolean shuffle : new boolean[] {true, false}) {
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (int rank = 0; rank < 3; rank++) {
          LoaderOptions o = LoaderOptions.train(2, 1).withShuffle(shuffle).withShard(rank, 3);
          for (EpochPlan.BatchSpec b : EpochPlan.train(ds.size(), 160, o, 0)) {
            for (int s : b.samples()) {
              all.add(s);
              total++;
            }
          }
        }
        assertThat(all).hasSize(12);
        assertThat(total).isEqualTo(12);
      }
      // 5 samples over 2 ranks, shuffled: padded to 6, 3 each
      assertThat(EpochPlan.strided(new int[] {4, 3, 2, 1, 0}, 1, 2)).containsExactly(3, 1, 4);
      // in order: 5 batches of 2 over 2 ranks -> rank 0 gets 3 batches
      int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
      assertThat(EpochPlan.contiguous(order, 2, 0, 2)).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(EpochPlan.contiguous(order, 2, 1, 2)).containsExactly(6, 7, 8, 9);
    }
  }

  @Test
  void valBatchesAreLetterboxedRgbWithRatioPad() {
    try (YoloDataset ds = YoloDataset.open(data, Split.VAL, DatasetOptions.of(160).withThreads(2));
        DataLoader l = DataLoader.val(ds, LoaderOptions.val(2, 2));
        PointerScope scope = new PointerScope()) {
      assertThat(l.numBatches()).isEqualTo(3);
      Iterator<Batch> it = l.iterator();
      try (Batch b = it.next(); Mat src = Images.read(b.paths().get(0))) {
        // 160x120 images: rect shape [0.75, 1] * 5 + 0.5 -> (5, 6) * 32 = 160 x 192, pad 16 left, 20 top
        assertThat(b.images().sizes().vec().get()).containsExactly(2, 3, 160, 192);
        assertThat(b.ratioPads().get(0)).isEqualTo(new RatioPad(1, 1, 16, 20));
        byte[] img = bytes(b.images());
        byte[] px = new byte[3];
        src.ptr(37, 53).get(px);
        int plane = 160 * 192;
        int at = (37 + 20) * 192 + 53 + 16;
        assertThat(img[at]).isEqualTo(px[2]); // R plane first: BGR -> RGB
        assertThat(img[plane + at]).isEqualTo(px[1]);
        assertThat(img[2 * plane + at]).isEqualTo(px[0]);
        assertThat(img[0] & 0xff).isEqualTo(114);
        try (Batch copy = b.to(new org.bytedeco.pytorch.Device(org.bytedeco.pytorch.global.torch.DeviceType.CPU,
            (byte) -1), true)) {
          assertThat(bytes(copy.images())).isEqualTo(img);
          assertThat(floats(copy.bboxes())).isEqualTo(floats(b.bboxes()));
          assertThat(copy.ratioPads()).isEqualTo(b.ratioPads());
        }
        // targets are the label file's boxes mapped into the padded image
        var lab = ds.labels().stream().filter(x -> x.image().equals(b.paths().get(0))).findFirst().orElseThrow();
        float[] bb = floats(b.bboxes());
        assertThat(bb[0]).isCloseTo((lab.boxes()[0] * 160 + 16) / 192, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(bb[1]).isCloseTo((lab.boxes()[1] * 120 + 20) / 160, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(bb[2]).isCloseTo(lab.boxes()[2] * 160 / 192, org.assertj.core.data.Offset.offset(1e-5f));
      }
      int rest = 0;
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          rest += b.size();
        }
      }
      assertThat(rest).isEqualTo(3);
    }
  }

  @Test
  void closingStopsEveryWorkerAndFreesAllNativeMemory() throws Exception {
    try (YoloDataset ds = train(CacheMode.NONE)) {
      long before = settledPointerCount();
      String prefix;
      try (DataLoader loader = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(4, 3))) {
        epochHash(loader);
        try (PointerScope scope = new PointerScope()) {
          Iterator<Batch> it = loader.iterator(); // abandoned mid-epoch: its pending batches must be freed
          it.next().close();
          Iterator<Batch> again = loader.iterator();
          assertThat(it.hasNext()).isFalse();
          again.next().close();
        }
        prefix = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(n -> n.startsWith("yolo-loader-")).findFirst().orElseThrow().replaceAll("\\d+$", "");
        assertThat(liveThreads(prefix)).isEqualTo(3);
      }
      assertThat(liveThreads(prefix)).isZero();
      // every native object the loader made is closed: nothing left for the GC (other tests' garbage may go)
      assertThat(settledPointerCount()).isLessThanOrEqualTo(before);
    }
  }

  /** JavaCPP's count of live native objects, once garbage from earlier tests has been collected. */
  private static long settledPointerCount() throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 40; i++) {
      System.gc();
      Thread.sleep(25);
      long now = Pointer.totalCount();
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
        .filter(Thread::isAlive).count();
  }

  @Test
  void closeMosaicAndFailuresAreVisible() throws Exception {
    try (YoloDataset ds = train(CacheMode.NONE);
        DataLoader loader = DataLoader.train(ds, AugmentConfig.defaults(), LoaderOptions.train(12, 2))) {
      assertThat(loader.augment().mosaic()).isEqualTo(1.0);
      loader.closeMosaic();
      assertThat(loader.augment().mosaic()).isZero();
      Path victim = ds.labels(3).image();
      byte[] keep = Files.readAllBytes(victim);
      Files.delete(victim);
      try {
        assertThatThrownBy(() -> loader.iterator().next())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("loading batch 0 of epoch 0 failed")
            .hasMessageContaining("image file not found: " + victim);
      } finally {
        Files.write(victim, keep);
      }
    }
  }
}
