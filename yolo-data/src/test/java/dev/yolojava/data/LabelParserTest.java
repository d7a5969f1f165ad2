package dev.yolojava.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelParserTest {
  @Test
  void eachBadLineIsSkippedAndNamedByFileAndLine() {
    String text = String.join("\n",
        "0 0.5 0.5 0.2 0.2",           // 1 ok
        "1 0.5 0.5 0.2 0.2 0.9",       // 2 six columns
        "99 0.5 0.5 0.2 0.2",          // 3 class >= nc
        "-1 0.5 0.5 0.2 0.2",          // 4 negative class
        "2 1.2 0.5 0.2 0.2",           // 5 out of range
        "3 0.5 -0.5 0.2 0.2",          // 6 negative coordinate
        "4 0.5 abc 0.2 0.2",           // 7 not a number
        "0 0.5 0.5 0.2 0.2",           // 8 duplicate of 1
        "5 1.005 0.5 0.2 0.2",         // 9 within tolerance: kept
        "6 0.1 0.1 0.3 0.1 0.2 0.4",   // 10 polygon (3 points): box
        "");
    LabelParser.Parsed p = LabelParser.parse(text, "l.txt", 8, false);
    assertThat(p.cls()).containsExactly(0f, 5f, 6f);
    assertThat(p.badLines()).isEqualTo(6);
    assertThat(p.duplicates()).isEqualTo(1);
    assertThat(p.issues()).containsExactly(
        "l.txt:2: 6 columns, expected 5 (cls cx cy w h) or a polygon (cls x1 y1 x2 y2 x3 y3 ...); line skipped",
        "l.txt:3: class 99 exceeds the dataset's class count 8 (classes 0-7); line skipped",
        "l.txt:4: negative class -1; line skipped",
        "l.txt:5: coordinate 1.2 (column 2) is above 1: labels must be normalised; line skipped",
        "l.txt:6: negative coordinate -0.5 (column 3); line skipped",
        "l.txt:7: column 3 'abc' is not a number; line skipped",
        "l.txt: 1 duplicate labels removed");
    // polygon (0.1,0.1) (0.3,0.1) (0.2,0.4) -> box centre (0.2, 0.25), size (0.2, 0.3)
    assertThat(p.boxes()[8]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(p.boxes()[9]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(p.boxes()[10]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(p.boxes()[11]).isCloseTo(0.3f, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void singleClsMapsEveryClassToZeroAndSkipsTheRangeCheck() {
    LabelParser.Parsed p = LabelParser.parse("7 0.5 0.5 0.1 0.1\n12 0.4 0.4 0.1 0.1\n", "l.txt", 1, true);
    assertThat(p.cls()).containsExactly(0f, 0f);
    assertThat(p.issues()).isEmpty();
  }
}
