package dev.yolojava.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @TempDir Path dir;

  private List<Path> files() throws IOException {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static CheckpointWriter.Body failingAfter(int bytes) {
    return out -> {
      out.write(new byte[bytes]);
      out.flush();
      throw new IOException("disk full after " + bytes + " bytes");
    };
  }

  @Test
  void failureMidWriteLeavesNoTargetAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("last.pt");
    assertThatThrownBy(() -> CheckpointWriter.writeAtomically(target, failingAfter(3 << 20)))
        .isInstanceOf(IOException.class).hasMessage("disk full after 3145728 bytes");
    assertThat(files()).isEmpty();
  }

  @Test
  void failureMidWriteKeepsThePreviousCheckpoint() throws IOException {
    Path target = dir.resolve("last.pt");
    Files.writeString(target, "epoch 3");
    assertThatThrownBy(() -> CheckpointWriter.writeAtomically(target, failingAfter(100)))
        .hasMessage("disk full after 100 bytes");
    assertThat(Files.readString(target)).isEqualTo("epoch 3");
    assertThat(files()).containsExactly(target);
  }

  @Test
  void successReplacesTheTargetWholeInItsDirectory() throws IOException {
    Path target = dir.resolve("weights").resolve("best.pt");
    CheckpointWriter.writeAtomically(target, out -> out.write("first".getBytes(StandardCharsets.US_ASCII)));
    CheckpointWriter.writeAtomically(target, out -> out.write("second".getBytes(StandardCharsets.US_ASCII)));
    assertThat(Files.readString(target)).isEqualTo("second");
    try (var s = Files.list(target.getParent())) {
      assertThat(s.toList()).containsExactly(target);
    }
  }

  @Test
  void archiveFolderIsNamedAfterTheFileAsTorchDoes() {
    assertThat(CheckpointWriter.archiveName(Path.of("runs/w/last.pt"))).isEqualTo("last");
    assertThat(CheckpointWriter.archiveName(Path.of("best.model.pt"))).isEqualTo("best.model");
    assertThat(CheckpointWriter.archiveName(Path.of("weird name!.pt"))).isEqualTo("archive");
  }
}
