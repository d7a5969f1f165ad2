package dev.yolojava.core.cfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Results equal to Python's {@code difflib.get_close_matches(word, default_keys)} (values taken from Python). */
class CloseMatchesTest {
  private static List<String> near(String word) {
    return CloseMatches.of(word, ArgCatalog.specs().keySet());
  }

  @Test
  void matchesPythonDifflib() {
    assertThat(near("optimiser")).containsExactly("optimizer", "optimize", "time");
    assertThat(near("warmup")).containsExactly("amp", "warmup_epochs", "warmup_bias_lr");
    assertThat(near("save_dirr")).containsExactly("save_crop", "save", "save_period");
    assertThat(near("fliplr_")).containsExactly("fliplr", "flipud");
    assertThat(near("workerss")).containsExactly("workers", "keras");
    assertThat(near("cls_w")).containsExactly("cls_pw", "cls");
    assertThat(near("stride_ratio")).containsExactly("mask_ratio");
    assertThat(near("exist-ok")).containsExactly("exist_ok");
    assertThat(near("topk")).isEmpty();
  }

  @Test
  void ratioIsTwiceMatchesOverLength() {
    assertThat(CloseMatches.ratio("epochs", "epoch")).isEqualTo(2.0 * 5 / 11);
    assertThat(CloseMatches.ratio("abcd", "bcda")).isEqualTo(0.75);
    assertThat(CloseMatches.ratio("", "")).isEqualTo(1.0);
  }
}
