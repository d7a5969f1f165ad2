package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken files must fail fast with a message naming the problem, never hang, OOM or crash. */
class HostileCheckpointTest {
  @TempDir Path dir;

  private Path checkpoint(String name, byte[] pickle, Map<String, byte[]> storages) throws Exception {
    return PickleBuilder.writeCheckpoint(dir.resolve(name), pickle, storages);
  }

  @Test
  void storageShorterThanTheTensorNeeds() throws Exception {
    byte[] pkl = TinyCheckpoint.withWeight("HalfStorage", 432, new long[] {16, 3, 3, 3}, new long[] {27, 9, 3, 1});
    Path pt = checkpoint("short.pt", pkl, Map.of("0", new byte[32]));
    assertThatThrownBy(() -> Checkpoint.load(pt)).isInstanceOf(MalformedFileException.class)
        .hasMessage("short.pt: storage 'data/0' holds 32 bytes but tensor model.0.weight needs 864");
  }

  @Test
  void hugeDeclaredSizesAreCheckedAgainstTheEntryBeforeAllocating() throws Exception {
    long huge = 1L << 40;
    byte[] storageOnly = TinyCheckpoint.withWeight("HalfStorage", huge, new long[] {4}, new long[] {1});
    Path pt = checkpoint("huge-storage.pt", storageOnly, Map.of("0", new byte[8]));
    assertThatThrownBy(() -> Checkpoint.load(pt)).isInstanceOf(MalformedFileException.class)
        .hasMessage("huge-storage.pt: storage 'data/0' declares 1099511627776 elements of HalfStorage"
            + " (2199023255552 bytes) but holds 8 bytes");

    byte[] hugeTensor = TinyCheckpoint.withWeight("HalfStorage", huge, new long[] {1 << 20, 1 << 20},
        new long[] {1 << 20, 1});
    Path pt2 = checkpoint("huge-tensor.pt", hugeTensor, Map.of("0", new byte[8]));
    assertThatThrownBy(() -> Checkpoint.load(pt2)).isInstanceOf(MalformedFileException.class)
        .hasMessage("huge-tensor.pt: storage 'data/0' holds 8 bytes but tensor model.0.weight needs 2199023255552");

    // a view reaching past its own storage's declared numel is refused while unpickling
    byte[] outside = TinyCheckpoint.withWeight("FloatStorage", 4, new long[] {3}, new long[] {2});
    Path pt3 = checkpoint("outside.pt", outside, Map.of("0", new byte[16]));
    assertThatThrownBy(() -> Checkpoint.load(pt3)).isInstanceOf(MalformedFileException.class)
        .hasMessage("archive/data.pkl: tensor on storage '0' reaches element 5 but the storage declares 4 elements");
  }

  @Test
  void badPersistentIdStorageType() throws Exception {
    byte[] sizeAsType = TinyCheckpoint.withWeight("Size", 4, new long[] {4}, new long[] {1});
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("size.pt", sizeAsType, Map.of("0", new byte[16]))))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("archive/data.pkl: persistent id names 'torch.Size' as a storage type; expected one"
            + " of torch.FloatStorage");
    byte[] complex = TinyCheckpoint.withWeight("ComplexFloatStorage", 4, new long[] {4}, new long[] {1});
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("complex.pt", complex, Map.of("0", new byte[32]))))
        .isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageStartingWith("forbidden global 'torch.ComplexFloatStorage' in archive/data.pkl");
    byte[] notATuple = TinyCheckpoint.withConv(b -> b.str("_parameters").orderedDict().mark().str("weight")
        .str("../../etc/passwd").op('Q').setItems());
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("pid.pt", notATuple, Map.of())))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage("archive/data.pkl: persistent id must be ('storage', type, key, location, numel) but is a"
            + " str '../../etc/passwd'");
  }

  @Test
  void missingStorageEntry() throws Exception {
    byte[] pkl = TinyCheckpoint.withWeight("FloatStorage", 4, new long[] {4}, new long[] {1});
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("missing.pt", pkl, Map.of())))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage("missing.pt: storage 'data/0' of tensor model.0.weight is missing from the archive");
  }

  @Test
  void forbiddenGlobalInsideACheckpoint() throws Exception {
    byte[] pkl = TinyCheckpoint.withConv(b -> b.str("act").global("os", "system").str("id").op(0x85).reduce());
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("evil.pt", pkl, Map.of())))
        .isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageStartingWith("forbidden global 'os.system' in archive/data.pkl: only collections.OrderedDict");
    Path bare = Files.write(dir.resolve("evil.pkl"), pkl);
    assertThatThrownBy(() -> Checkpoint.loadPickle(bare)).isInstanceOf(ForbiddenGlobalException.class)
        .hasMessageStartingWith("forbidden global 'os.system' in evil.pkl");
  }

  @Test
  void brokenContainers() throws Exception {
    Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
    assertThatThrownBy(() -> Checkpoint.load(empty)).isInstanceOf(MalformedFileException.class)
        .hasMessage("empty.pt: file is empty");

    Path text = Files.writeString(dir.resolve("text.pt"), "version https://git-lfs.github.com/spec/v1\n");
    assertThatThrownBy(() -> Checkpoint.load(text)).isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("text.pt: not a valid zip archive (");

    Path good = checkpoint("good.pt", TinyCheckpoint.withWeight("FloatStorage", 4, new long[] {4},
        new long[] {1}), Map.of("0", new byte[16]));
    byte[] all = Files.readAllBytes(good);
    Path truncated = Files.write(dir.resolve("truncated.pt"), Arrays.copyOf(all, all.length * 3 / 5));
    assertThatThrownBy(() -> Checkpoint.load(truncated)).isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("truncated.pt: not a valid zip archive (");

    byte[] garbled = all.clone();
    for (int i = 40; i < 90; i++) {
      garbled[i] ^= 0x5a; // inside the deflated data.pkl, the first entry
    }
    Path garbledPt = Files.write(dir.resolve("garbled.pt"), garbled);
    assertThatThrownBy(() -> Checkpoint.load(garbledPt)).isInstanceOf(MalformedFileException.class)
        .hasMessageContaining("data.pkl");

    Path legacy = Files.write(dir.resolve("legacy.pt"), new PickleBuilder().emptyDict().stop().bytes());
    assertThatThrownBy(() -> Checkpoint.load(legacy)).isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("legacy.pt: a bare pickle (legacy torch.save format), not a zip archive");

    Path noPickle = dir.resolve("nopickle.pt");
    try (OutputStream os = Files.newOutputStream(noPickle); ZipOutputStream zip = new ZipOutputStream(os)) {
      PickleBuilder.put(zip, "archive/readme.txt", "hi".getBytes(StandardCharsets.US_ASCII));
    }
    assertThatThrownBy(() -> Checkpoint.load(noPickle)).isInstanceOf(MalformedFileException.class)
        .hasMessage("nopickle.pt: expected exactly one '<name>/data.pkl' entry but found 0 ([])");
  }

  @Test
  void wrongTopLevelShapes() throws Exception {
    Path list = checkpoint("list.pt", new PickleBuilder().op(']').stop().bytes(), Map.of());
    assertThatThrownBy(() -> Checkpoint.load(list)).isInstanceOf(MalformedFileException.class)
        .hasMessage("list.pt: top level is a list of 0; expected a checkpoint dict");
    Path noModel = checkpoint("nomodel.pt",
        new PickleBuilder().emptyDict().str("model").str("yolov8n").op('s').stop().bytes(), Map.of());
    assertThatThrownBy(() -> Checkpoint.load(noModel)).isInstanceOf(MalformedFileException.class)
        .hasMessage("nomodel.pt: 'ema' and 'model' hold str 'yolov8n'; expected a model object");
  }

  @Test
  void cyclicModuleGraphIsCapped() throws Exception {
    // a Conv whose _modules holds itself (memo 0): state_dict recursion must stop
    PickleBuilder b = new PickleBuilder().emptyDict().mark().str("model")
        .moduleStart("ultralytics.nn.tasks", "DetectionModel");
    byte[] pkl = b.str("_modules").orderedDict().mark().str("model")
        .global("torch.nn.modules.container", "Sequential").emptyTuple().op(0x81).op('q').op(0)
        .emptyDict().mark().str("_modules").orderedDict().mark().str("0").op('h').op(0).setItems()
        .moduleEnd().setItems().moduleEnd().setItems().stop().bytes();
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("cycle.pt", pkl, Map.of())))
        .isInstanceOf(MalformedFileException.class)
        .hasMessageStartingWith("cycle.pt: modules nested deeper than 64 at 'model.0.0.0.");
  }

  @Test
  void exponentiallySharedModuleGraphIsCapped() throws Exception {
    // module k has children '0' and '1', both module k-1: 2^60 paths from a 1 KiB pickle
    PickleBuilder b = new PickleBuilder().emptyDict().mark().str("model");
    b.moduleStart("torch.nn.modules.linear", "Identity").moduleEnd().op('q').op(0).op('0');
    for (int k = 1; k <= 60; k++) {
      b.moduleStart("torch.nn.modules.container", "Sequential").str("_modules").orderedDict().mark()
          .str("0").op('h').op(k - 1).str("1").op('h').op(k - 1).setItems().moduleEnd().op('q').op(k).op('0');
    }
    byte[] pkl = b.op('h').op(60).setItems().stop().bytes();
    assertThatThrownBy(() -> Checkpoint.load(checkpoint("dag.pt", pkl, Map.of())))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage("dag.pt: module tree has more than 1000000 modules");
  }
}
