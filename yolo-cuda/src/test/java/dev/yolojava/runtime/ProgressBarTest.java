package dev.yolojava.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsInPlaceAndEndsTheLine() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = ProgressBar.drawingTo(out, "val", 4)) {
      bar.step();
      bar.step(2);
      assertThat(bar.line()).startsWith("val  75% |" + "#".repeat(23) + "-".repeat(7) + "| 3/4 [");
      bar.step(5);
      assertThat(bar.done()).isEqualTo(4);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(3);
    assertThat(text).endsWith("\n").contains("val 100% |" + "#".repeat(30) + "| 4/4 [");
  }

  @Test
  void emptyLoopIsComplete() {
    assertThat(ProgressBar.logging("predict", 0).line()).startsWith("predict 100% |");
  }

  @Test
  void negativeTotalIsRejected() {
    assertThatThrownBy(() -> ProgressBar.logging("x", -1))
        .hasMessage("progress total is -1, expected >= 0");
  }
}
