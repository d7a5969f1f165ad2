package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ultralytics 8.4.90's run directories: runs/&lt;task&gt;/[project/]name, incremented with -2, -3, ... */
class SaveDirsTest {
  @Test
  void defaultsToRunsTaskMode(@TempDir Path runs) {
    assertThat(SaveDirs.resolve(YoloArgs.defaults(), runs)).isEqualTo(runs.resolve("detect/train"));
    assertThat(SaveDirs.resolve(YoloArgs.parse("val"), runs)).isEqualTo(runs.resolve("detect/val"));
    assertThat(SaveDirs.resolve(YoloArgs.parse("project=proj name=exp"), runs))
        .isEqualTo(runs.resolve("detect/proj/exp"));
    assertThat(SaveDirs.resolve(YoloArgs.defaults(), Path.of("runs")))
        .isEqualTo(Path.of("runs/detect/train").toAbsolutePath());
  }

  @Test
  void incrementsUnlessExistOk(@TempDir Path runs) throws Exception {
    Path train = runs.resolve("detect/train");
    Files.createDirectories(train);
    assertThat(SaveDirs.resolve(YoloArgs.defaults(), runs)).isEqualTo(runs.resolve("detect/train-2"));
    Files.createDirectories(runs.resolve("detect/train-2"));
    assertThat(SaveDirs.resolve(YoloArgs.defaults(), runs)).isEqualTo(runs.resolve("detect/train-3"));
    assertThat(SaveDirs.resolve(YoloArgs.parse("exist_ok=True"), runs)).isEqualTo(train);
  }

  @Test
  void absoluteProjectAndExplicitSaveDir(@TempDir Path dir) throws Exception {
    Path project = dir.resolve("abs");
    Files.createDirectories(project.resolve("exp"));
    YoloArgs a = YoloArgs.defaults().with("project", project.toString()).with("name", "exp");
    assertThat(SaveDirs.resolve(a, Path.of("unused"))).isEqualTo(project.resolve("exp-2"));
    assertThat(SaveDirs.resolve(a.with("save_dir", dir.resolve("x").toString()))).isEqualTo(dir.resolve("x"));
  }

  @Test
  void filesKeepTheirSuffix(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("results.txt"), "x");
    assertThat(SaveDirs.increment(f, false)).isEqualTo(dir.resolve("results-2.txt"));
    assertThat(SaveDirs.increment(dir.resolve("free"), false)).isEqualTo(dir.resolve("free"));
  }
}
