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
        "");
    LabelParser.Parsed p = LabelParser.parse(text, "l.txt", 8, false);
    assertThat(p.cls()).containsExactly(0f, 5f);
    assertThat(p.segments()).isNull();
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
  }

  @Test
  void polygonLinesKeepTheirOutlineAndGiveItsExtentAsTheBox() {
    LabelParser.Parsed p = LabelParser.parse("6 0.1 0.1 0.3 0.1 0.2 0.4\n2 0.5 0.5 0.7 0.5 0.7 0.9 0.5 0.9\n",
        "l.txt", 8, false);
    assertThat(p.issues()).isEmpty();
    assertThat(p.cls()).containsExactly(6f, 2f);
    assertThat(p.segments()[0]).containsExactly(0.1f, 0.1f, 0.3f, 0.1f, 0.2f, 0.4f);
    assertThat(p.segments()[1]).containsExactly(0.5f, 0.5f, 0.7f, 0.5f, 0.7f, 0.9f, 0.5f, 0.9f);
    // (0.1,0.1) (0.3,0.1) (0.2,0.4) -> box centre (0.2, 0.25), size (0.2, 0.3), float32 as segments2boxes
    assertThat(java.util.Arrays.copyOfRange(p.boxes(), 0, 4)).containsExactly(
        (0.1f + 0.3f) / 2, (0.1f + 0.4f) / 2, 0.3f - 0.1f, 0.4f - 0.1f);
    assertThat(java.util.Arrays.copyOfRange(p.boxes(), 4, 8)).containsExactly(
        (0.5f + 0.7f) / 2, (0.5f + 0.9f) / 2, 0.7f - 0.5f, 0.9f - 0.5f);
  }

  @Test
  void aFileWithPolygonsReadsEveryLineAsPointsAsUltralyticsDoes() {
    // verify_image_label: one line of more than 6 columns makes every line of the file (cls, x y pairs)
    LabelParser.Parsed p = LabelParser.parse(String.join("\n",
        "0 0.5 0.5 0.2 0.2",                  // 1 a box line: read as the 2-point outline (0.5,0.5) (0.2,0.2)
        "1 0.1 0.1 0.3 0.1 0.2 0.4",          // 2 a polygon
        "2 0.1 0.1 0.3 0.1 0.2 0.4 0.5",      // 3 an odd number of coordinates
        "3 0.1 0.1 0.3 0.1 0.2 1.5"), "m.txt", 8, false);
    assertThat(p.cls()).containsExactly(0f, 1f);
    assertThat(p.segments()[0]).containsExactly(0.5f, 0.5f, 0.2f, 0.2f);
    assertThat(java.util.Arrays.copyOfRange(p.boxes(), 0, 4)).containsExactly(
        (0.2f + 0.5f) / 2, (0.2f + 0.5f) / 2, 0.5f - 0.2f, 0.5f - 0.2f);
    assertThat(p.badLines()).isEqualTo(2);
    assertThat(p.issues()).containsExactly(
        "m.txt:1: 5 columns in a file of polygon lines: read as the 2-point outline (x1 y1) (x2 y2), as Ultralytics"
            + " reads it, not as a box (cls cx cy w h); write every object of this file as a polygon",
        "m.txt:3: 8 columns in a file of polygon lines, expected the class and x y pairs (an odd number of columns:"
            + " cls x1 y1 x2 y2 ...); line skipped",
        "m.txt:4: the outline's box has h 1.4, outside [0, 1]: polygon points must be normalised; line skipped");
  }

  @Test
  void singleClsMapsEveryClassToZeroAndSkipsTheRangeCheck() {
    LabelParser.Parsed p = LabelParser.parse("7 0.5 0.5 0.1 0.1\n12 0.4 0.4 0.1 0.1\n", "l.txt", 1, true);
    assertThat(p.cls()).containsExactly(0f, 0f);
    assertThat(p.issues()).isEmpty();
  }

  @Test
  void keypointLinesAsUltralyticsReadsThemWithKptShape() {
    KeypointSpec three = new KeypointSpec(2, 3, java.util.List.of(1, 0));
    LabelParser.Parsed p = LabelParser.parse(String.join("\n",
        "0 0.5 0.5 0.2 0.2 0.45 0.45 2 0.55 0.55 0",        // 1 kept: visibility as written
        "0 0.5 0.5 0.2 0.2",                                // 2 a box without keypoints
        "0 0.5 0.5 0.2 0.2 0.45 1.02 2 0.55 0.55 1",        // 3 keypoint y above 1
        "0 0.5 0.5 0.2 0.2 0.45 0.45 -1 0.55 0.55 1",       // 4 negative visibility
        "0 0.5 0.5 0.2 0.2 0.45 0.45 2 0.55 0.55 0",        // 5 duplicate of 1
        "0 0.5 0.5 0.2 0.2 0.45 0.45 2 0.55 0.56 0"), "k.txt", 1, false, three); // 6 differs in a keypoint: kept
    assertThat(p.segments()).isNull();
    assertThat(p.cls()).containsExactly(0f, 0f);
    assertThat(p.keypoints()[0]).containsExactly(0.45f, 0.45f, 2f, 0.55f, 0.55f, 0f);
    assertThat(p.keypoints()[1]).containsExactly(0.45f, 0.45f, 2f, 0.55f, 0.56f, 0f);
    assertThat(java.util.Arrays.copyOfRange(p.boxes(), 0, 4)).containsExactly(0.5f, 0.5f, 0.2f, 0.2f);
    assertThat(p.duplicates()).isEqualTo(1);
    assertThat(p.issues()).containsExactly(
        "k.txt:2: 5 columns, expected 11 for kpt_shape [2, 3] (cls cx cy w h, then x y visibility for each of the 2"
            + " keypoints); line skipped",
        "k.txt:3: keypoint 0 y 1.02 (column 7) is above 1: keypoints must be normalised; line skipped",
        "k.txt:4: keypoint 0 visibility -1 (column 8) is negative; line skipped",
        "k.txt: 1 duplicate labels removed");
    // x y only: Ultralytics makes the visibility, 0 where a coordinate is negative (within the 1% tolerance)
    LabelParser.Parsed two = LabelParser.parse("0 0.5 0.5 0.2 0.2 0.45 0.45 -0.005 0.55\n", "t.txt", 1, false,
        new KeypointSpec(2, 2, java.util.List.of()));
    assertThat(two.issues()).isEmpty();
    assertThat(two.keypoints()[0]).containsExactly(0.45f, 0.45f, 1f, -0.005f, 0.55f, 0f);
  }
}
