package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed docs/configuration.md is what {@link ConfigReference} generates from the code. */
class ConfigReferenceTest {
  private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/configuration.md");

  @Test
  void committedReferenceIsUpToDate() throws Exception {
    assertThat(DOC).as("docs/configuration.md").exists();
    assertThat(Files.readString(DOC))
        .as(
            "docs/configuration.md is out of date with ArgCatalog; regenerate it with: ./mvnw -q -pl yolo-core "
                + "exec:java -Dexec.mainClass=dev.yolojava.core.cfg.ConfigReference (from the repository root)")
        .isEqualTo(ConfigReference.markdown());
  }

  @Test
  void listsEveryKeyWithTypeAndDefault() {
    String md = ConfigReference.markdown();
    assertThat(md.lines().filter(l -> l.startsWith("| `"))).hasSize(111);
    assertThat(md).contains("| `epochs` | int | `100` | yes | number of training epochs |\n");
    assertThat(md).contains("| `lr0` | float in [0, 1] | `0.01` | yes | initial learning rate |\n");
    assertThat(md).contains("| `show_boxes` | bool | `True` | no | draw boxes |\n");
    assertThat(md).contains("| `save_txt` | bool | `False` | predict only | save results as .txt label files |\n");
    assertThat(md).contains("| `conf` | float in [0, 1] | unset | val, predict only; validation during training uses"
        + " 0.001 |");
    assertThat(md).contains("| `device` | str | unset |");
    assertThat(md).contains("| `save` | bool | `True` |");
    assertThat(md.lines().filter(l -> l.startsWith("## "))).hasSize(11);
  }
}
