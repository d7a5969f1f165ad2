package dev.yolojava.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsThroughTheProgressbarLibraryWithAStatusAndEndsTheLine() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int[] reads = {0};
    try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        ProgressBar bar = ProgressBar.drawingTo(out, "1/3", 4)) {
      bar.step(1, () -> "box 1.23 #" + ++reads[0]);
      bar.step(2, () -> "box 1.10 #" + ++reads[0]); // within half a second of the first: not read
      bar.step(5, () -> "box 1.00 #" + ++reads[0]); // the last step: read
      assertThat(bar.done()).isEqualTo(4);
    }
    assertThat(reads[0]).isEqualTo(2);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("1/3", "100%", "4/4", "box 1.00 #2").doesNotContain("box 1.10").endsWith("\n");
  }

  @Test
  void logLinesCarryTheStatus() {
    ProgressBar bar = ProgressBar.logging("val", 4);
    bar.step(4, () -> "instances 7");
    assertThat(bar.line()).startsWith("val 100% |" + "#".repeat(30) + "| 4/4 [").endsWith(" instances 7");
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
