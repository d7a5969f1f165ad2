package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class TorchZipWriterTest {
  private static byte[] archive() throws Exception {
    Map<String, byte[]> storages = new LinkedHashMap<>();
    storages.put("0", new byte[] {1, 2, 3});
    storages.put("1", new byte[100]);
    storages.put("2", new byte[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TorchZipWriter.write(out, "best", "PICKLE".getBytes(StandardCharsets.US_ASCII), storages);
    return out.toByteArray();
  }

  @Test
  void entriesInTorchOrderStoredAndAlignedTo64Bytes() throws Exception {
    byte[] zip = archive();
    List<ZipLayout.Entry> entries = ZipLayout.entries(zip);
    assertThat(entries).extracting(ZipLayout.Entry::name).containsExactly("best/data.pkl", "best/.format_version",
        "best/.storage_alignment", "best/byteorder", "best/data/0", "best/data/1", "best/data/2", "best/version",
        "best/.data/serialization_id");
    for (ZipLayout.Entry e : entries) {
      assertThat(e.method()).as(e.name()).isZero();
      assertThat(e.flags()).as(e.name()).isEqualTo(0x0800);
      assertThat(e.dataOffset() % 64).as(e.name()).isZero();
      // torch's padding: an 'FB' extra field whose length counts the 'Z' bytes that follow
      byte[] x = e.localExtra();
      assertThat(new String(x, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("FB");
      assertThat((x[2] & 0xff) | (x[3] & 0xff) << 8).isEqualTo(x.length - 4);
      for (int i = 4; i < x.length; i++) {
        assertThat(x[i]).isEqualTo((byte) 'Z');
      }
    }
    assertThat(entries.get(0).localExtra()).hasSize(4 + 64 - 30 - "best/data.pkl".length() - 4);
    assertThat(entries.get(5).size()).isEqualTo(100);
  }

  @Test
  void streamingReaderVerifiesEveryCrcAndSize() throws Exception {
    Map<String, byte[]> read = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        read.put(e.getName(), in.readAllBytes()); // throws ZipException on a CRC or size mismatch
      }
    }
    assertThat(read).hasSize(9);
    assertThat(new String(read.get("best/data.pkl"), StandardCharsets.US_ASCII)).isEqualTo("PICKLE");
    assertThat(new String(read.get("best/.format_version"), StandardCharsets.US_ASCII)).isEqualTo("1");
    assertThat(new String(read.get("best/.storage_alignment"), StandardCharsets.US_ASCII)).isEqualTo("64");
    assertThat(new String(read.get("best/byteorder"), StandardCharsets.US_ASCII)).isEqualTo("little");
    assertThat(new String(read.get("best/version"), StandardCharsets.US_ASCII)).isEqualTo("3\n");
    assertThat(new String(read.get("best/.data/serialization_id"), StandardCharsets.US_ASCII)).matches("[0-9]{40}");
    assertThat(read.get("best/data/0")).containsExactly(1, 2, 3);
    assertThat(read.get("best/data/2")).isEmpty();
    CRC32 crc = new CRC32();
    crc.update(read.get("best/data/1"));
    assertThat(ZipLayout.entries(archive()).get(5).crc()).isEqualTo(crc.getValue());
  }

  @Test
  void sameRecordsAndAlignmentAsTheFixtureArchive() throws Exception {
    byte[] fixture = Files.readAllBytes(Fixtures.file("yolov8n-synth.pt"));
    List<ZipLayout.Entry> theirs = ZipLayout.entries(fixture);
    assertThat(theirs).hasSize(365).allSatisfy(e -> assertThat(e.dataOffset() % 64).isZero());
    assertThat(records(theirs)).isEqualTo(records(ZipLayout.entries(archive())));
  }

  /** The entry names without the archive folder, storages collapsed into one "data/*". */
  private static List<String> records(List<ZipLayout.Entry> entries) {
    List<String> out = new ArrayList<>();
    for (ZipLayout.Entry e : entries) {
      String r = e.name().substring(e.name().indexOf('/') + 1).replaceFirst("^data/\\d+$", "data/*");
      if (out.isEmpty() || !out.get(out.size() - 1).equals(r)) {
        out.add(r);
      }
    }
    return out;
  }
}
