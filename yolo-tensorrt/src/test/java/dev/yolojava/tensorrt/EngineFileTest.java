package dev.yolojava.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .engine} container round-trips and reads Ultralytics' JSON header (no GPU needed). */
class EngineFileTest {
  @TempDir Path tmp;

  @Test
  void roundTripsMetadataAndEngineBytes() throws Exception {
    String meta = EngineFile.metadataJson(List.of("box", "di\"sc"), 32, 32, new int[] {480, 640}, true, true, true);
    byte[] plan = {1, 2, 3, 4, 5};
    Path f = tmp.resolve("m.engine");
    new EngineFile(meta, plan).write(f);
    byte[] raw = Files.readAllBytes(f);
    assertThat(ByteBuffer.wrap(raw, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(meta.getBytes("UTF-8").length);
    assertThat(raw).hasSize(4 + meta.getBytes("UTF-8").length + 5);
    EngineFile back = EngineFile.read(f);
    assertThat(back.engine()).containsExactly(1, 2, 3, 4, 5);
    assertThat(back.names()).containsExactly("box", "di\"sc");
    assertThat(back.intValue("stride")).isEqualTo(32);
    assertThat(back.intValue("batch")).isEqualTo(32);
    assertThat(back.imgsz()).containsExactly(480, 640);
    assertThat(back.flag("end2end")).isTrue();
  }

  @Test
  void readsUltralyticsHeaderAndRejectsTruncatedFiles() throws Exception {
    // json.dumps of an Ultralytics metadata dict (keys as Ultralytics writes them)
    String meta = "{\"description\": \"Ultralytics YOLOv8n model\", \"stride\": 32, \"task\": \"detect\", \"batch\": 1, "
        + "\"imgsz\": [640, 640], \"names\": {\"0\": \"person\", \"1\": \"bicycle\"}, \"args\": {\"half\": true}}";
    byte[] m = meta.getBytes("UTF-8");
    ByteBuffer b = ByteBuffer.allocate(4 + m.length + 3).order(ByteOrder.LITTLE_ENDIAN).putInt(m.length).put(m).put(new byte[3]);
    Path f = tmp.resolve("u.engine");
    Files.write(f, b.array());
    EngineFile e = EngineFile.read(f);
    assertThat(e.names()).containsExactly("person", "bicycle");
    assertThat(e.flag("end2end")).isFalse();
    assertThat(e.engine()).hasSize(3);
    Files.write(f, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(100).array());
    assertThatThrownBy(() -> EngineFile.read(f)).hasMessageEndingWith("metadata length 100 does not fit a 8-byte file");
  }

  @Test
  void readsTheTaskOfUltralyticsEngines() {
    assertThat(new EngineFile("{\"stride\": 32, \"task\": \"segment\", \"batch\": 1}", new byte[0]).task())
        .isEqualTo("segment");
    assertThat(new EngineFile("{\"stride\": 32}", new byte[0]).task()).isEqualTo("detect");
    String ours = EngineFile.metadataJson(List.of("a"), 32, 1, new int[] {640, 640}, false, true, false);
    assertThat(new EngineFile(ours, new byte[0]).task()).isEqualTo("detect");
  }
}
