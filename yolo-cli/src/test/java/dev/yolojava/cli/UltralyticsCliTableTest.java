package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.yolojava.api.Fixtures;
import dev.yolojava.core.cfg.ArgSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The table of docs/cli.md, run row by row: Ultralytics' own CLI tests and CLI guide commands, translated to the
 * synthetic data and the fixture checkpoints. A row works (exit 0), works and warns (exit 0 and the warning logged),
 * or stops with one line (exit 1 or 2, one line on stderr containing the expected text).
 */
class UltralyticsCliTableTest {
  @TempDir Path tmp;

  record Row(String ultralytics, String command, String outcome) {}

  static List<Row> table() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "docs", "cli.md"));
    int start = lines.indexOf(
        "<!-- cli-table: UltralyticsCliTableTest reads the rows below; keep the three columns -->");
    int end = lines.indexOf("<!-- end cli-table -->");
    assertThat(start).as("the table's markers in docs/cli.md").isNotNegative();
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(start + 3, end)) {
      String[] cells = line.substring(1, line.length() - 1).split(" \\| ");
      assertThat(cells).as(line).hasSize(3);
      rows.add(new Row(unquote(cells[0]), unquote(cells[1]), cells[2].strip()));
    }
    return rows;
  }

  @Test
  void everyRowWorksOrStopsWithOneLine() throws Exception {
    System.setProperty("yolo.cache.dir", tmp.resolve("cache").toString());
    // copies: exports are written next to their checkpoint
    Path v8 = Files.copy(Fixtures.file("yolov8n-synth.pt"), tmp.resolve("yolov8n-synth.pt"));
    Path y26 = Files.copy(Fixtures.file("yolo26n-synth.pt"), tmp.resolve("yolo26n-synth.pt"));
    Path data = Fixtures.val64Yaml();
    Path val64 = Fixtures.val64();
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ArgSupport.class);
    warnings.start();
    logger.addAppender(warnings);
    Path copy = Path.of("default_copy.yaml").toAbsolutePath();
    try {
      for (Row row : table()) {
        String cmd = row.command().replace("{tmp}", tmp.toString())
            .replace("{tiny}", "synthetic:train=16,val=8,size=64x64").replace("{data}", data.toString())
            .replace("{images}", val64.resolve("images/val").toString())
            .replace("{v8}", v8.toString()).replace("{y26}", y26.toString());
        List<String> argv = new ArrayList<>(Arrays.asList(cmd.split(" ")));
        assertThat(argv.remove(0)).isEqualTo("yolo");
        int logged = warnings.list.size();
        YoloCliTest.Result r = YoloCliTest.cli(argv.toArray(String[]::new));
        String what = row.ultralytics() + "  ->  " + cmd + "\nstdout: " + r.out() + "\nstderr: " + r.err();
        if (row.outcome().startsWith("stops: ")) {
          assertThat(r.code()).as(what).isNotZero();
          assertThat(r.err().lines().toList()).as(what).hasSize(1);
          assertThat(r.err()).as(what).contains(unquote(row.outcome().substring("stops: ".length())));
        } else {
          assertThat(r.code()).as(what).isZero();
          if (row.outcome().startsWith("works; warns: ")) {
            String expected = unquote(row.outcome().substring("works; warns: ".length()));
            assertThat(warnings.list.subList(logged, warnings.list.size()).stream()
                .filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .as(what).anyMatch(m -> m.contains(expected));
          } else {
            assertThat(row.outcome()).as(what).isEqualTo("works");
          }
        }
      }
    } finally {
      logger.detachAppender(warnings);
      Files.deleteIfExists(copy);
      System.clearProperty("yolo.cache.dir");
    }
  }

  private static String unquote(String cell) {
    String s = cell.strip();
    return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
  }
}
