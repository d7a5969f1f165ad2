package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected fixture numbers were read with NumPy ({@code np.load}); sums are float64 sums of the float32 values. */
class NpzTest {
  @TempDir Path dir;

  @Test
  void readsTheDeflatedIoFixture() throws Exception {
    Map<String, NpyArray> io = Npz.read(Fixtures.file("yolov8n-synth-io.npz"));
    assertThat(io.keySet()).containsExactly("x", "y0", "aux_boxes", "aux_scores");
    NpyArray y0 = io.get("y0");
    assertThat(y0.name()).isEqualTo("y0");
    assertThat(y0.dtype()).isEqualTo("<f4");
    assertThat(y0.shape()).containsExactly(1, 12, 8400);
    float[] v = y0.floats();
    assertThat(new float[] {v[0], v[1], v[2], v[v.length - 1]})
        .containsExactly(3.1908626556396484f, 12.60403823852539f, 20.126873016357422f, 1.652854698477313e-4f);
    assertThat(sum(v)).isCloseTo(8012998.451222989, within(1e-3));
    assertThat(io.get("x").shape()).containsExactly(1, 3, 640, 640);
    assertThat(sum(io.get("x").floats())).isCloseTo(579193.7093394855, within(1e-3));
    try (PointerScope scope = new PointerScope()) {
      Tensor x = io.get("x").toTensor();
      assertThat(x.scalar_type().intern()).isEqualTo(ScalarType.Float);
      assertThat(x.sizes().vec().get()).containsExactly(1, 3, 640, 640);
      assertThat(x.data_ptr_float().get(0)).isEqualTo(0.4470588266849518f);
    }
  }

  @Test
  void readsTheLossBatch() throws Exception {
    Map<String, NpyArray> batch = Npz.read(Fixtures.file("loss-batch.npz"));
    assertThat(batch.keySet()).containsExactly("img", "batch_idx", "cls", "bboxes");
    assertThat(batch.get("img").shape()).containsExactly(4, 3, 640, 640);
    assertThat(batch.get("cls").shape()).containsExactly(17, 1);
    assertThat(sum(batch.get("cls").floats())).isEqualTo(58.0);
    assertThat(sum(batch.get("batch_idx").floats())).isEqualTo(22.0);
    float[] boxes = batch.get("bboxes").floats();
    assertThat(boxes[0]).isEqualTo(0.7414060235023499f);
    assertThat(boxes[67]).isEqualTo(0.234375f);
    assertThat(sum(boxes)).isCloseTo(24.938282504677773, within(1e-6));
  }

  @Test
  void decodesEveryDtypeOrderAndCompression() throws Exception {
    ByteBuffer ints = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : new long[] {1, 4, 2, 5, 3, 6}) { // column-major [[1, 2, 3], [4, 5, 6]]
      ints.putLong(x);
    }
    byte[] half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00)
        .putShort((short) 0xc000).array();
    byte[] bigDouble = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(-0.5).array();
    Path npz = dir.resolve("mixed.npz");
    try (OutputStream os = Files.newOutputStream(npz); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "i.npy", npy("<i8", true, "(2, 3)", ints.array()), true);
      put(zip, "h.npy", npy("<f2", false, "(2,)", half), false);
      put(zip, "b.npy", npy("|b1", false, "(3,)", new byte[] {1, 0, 1}), true);
      put(zip, "d.npy", npy(">f8", false, "()", bigDouble), false);
    }
    Map<String, NpyArray> m = Npz.read(npz);
    assertThat(m.get("i").longs()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(m.get("i").floats()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(m.get("h").floats()).containsExactly(1f, -2f);
    assertThat(m.get("b").longs()).containsExactly(1, 0, 1);
    assertThat(m.get("d").shape()).isEmpty();
    assertThat(m.get("d").floats()).containsExactly(-0.5f);
    assertThatThrownBy(() -> m.get("h").longs()).isInstanceOf(IllegalStateException.class)
        .hasMessage("mixed.npz:h: longs() of a floating array (<f2); use floats()");
    try (PointerScope scope = new PointerScope()) {
      Tensor i = m.get("i").toTensor();
      assertThat(i.scalar_type().intern()).isEqualTo(ScalarType.Long);
      assertThat(i.data_ptr_long().get(1)).isEqualTo(2);
      Tensor b = m.get("b").toTensor();
      assertThat(b.scalar_type().intern()).isEqualTo(ScalarType.Bool);
      assertThat(b.sum().item_long()).isEqualTo(2);
    }
  }

  @Test
  void refusesMalformedArrays() throws Exception {
    assertThatThrownBy(() -> NpyArray.parse("not numpy at all".getBytes(StandardCharsets.US_ASCII), "a.npy"))
        .isInstanceOf(MalformedFileException.class).hasMessage("a.npy: not a .npy array (missing \\x93NUMPY magic)");
    assertThatThrownBy(() -> NpyArray.parse(npy("<c8", false, "(1,)", new byte[8]), "c.npy"))
        .isInstanceOf(MalformedFileException.class).hasMessageStartingWith("c.npy: .npy header {'descr': '<c8'")
        .hasMessageContaining("lacks a supported 'descr'");
    assertThatThrownBy(() -> NpyArray.parse(npy("<f8", false, "(3,)", new byte[8]), "short.npy"))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage("short.npy: shape [3] of <f8 needs 24 bytes but 8 follow the header");
    assertThatThrownBy(() -> NpyArray.parse(npy("<f4", false, "(4294967296, 4294967296)", new byte[8]), "big.npy"))
        .isInstanceOf(MalformedFileException.class)
        .hasMessage("big.npy: shape [4294967296, 4294967296] overflows 64 bits");
    byte[] lying = npy("<f4", false, "(1,)", new byte[4]);
    lying[8] = (byte) 0xff; // header length 0xff.. beyond the file
    lying[9] = (byte) 0xff;
    assertThatThrownBy(() -> NpyArray.parse(lying, "lying.npy")).isInstanceOf(MalformedFileException.class)
        .hasMessage("lying.npy: .npy header length 65535 does not fit the " + lying.length + "-byte file");

    Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
    assertThatThrownBy(() -> Npz.read(empty)).isInstanceOf(MalformedFileException.class)
        .hasMessage("empty.npz: file is empty");
    Path other = dir.resolve("other.npz");
    try (OutputStream os = Files.newOutputStream(other); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "notes.txt", new byte[] {1}, true);
    }
    assertThatThrownBy(() -> Npz.read(other)).isInstanceOf(MalformedFileException.class)
        .hasMessage("other.npz: entry 'notes.txt' is not a .npy array");
  }

  /** A version 1.0 .npy file, header padded to 64 bytes as NumPy does. */
  private static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
        + shape + ", }";
    int total = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >>> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] data, boolean deflate) throws Exception {
    ZipEntry e = new ZipEntry(name);
    if (!deflate) {
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      e.setCrc(crc.getValue());
    }
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f;
    }
    return s;
  }
}
