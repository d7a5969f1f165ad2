package dev.yolojava.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SectionProfileTest {

  @Test
  void reportsEachSectionPerRoundThenStartsOver() throws InterruptedException {
    SectionProfile p = new SectionProfile(true, false, "x_profile", "rounds", "ms");
    for (int r = 0; r < 2; r++) {
      p.start();
      Thread.sleep(20);
      p.mark("slow");
      p.mark("fast");
    }
    String json = p.drainJson();
    assertThat(json).startsWith("{\"event\":\"x_profile\",\"rounds\":2,\"ms\":{\"slow\":").contains("\"fast\":");
    double slow = Double.parseDouble(json.replaceAll(".*\"slow\":([0-9.]+).*", "$1"));
    assertThat(slow).isBetween(15.0, 2000.0);
    assertThat(p.drainJson()).isEqualTo("{\"event\":\"x_profile\",\"rounds\":0,\"ms\":{}}");
  }

  @Test
  void offReportsNothing() {
    SectionProfile p = new SectionProfile(false, false, "x_profile", "rounds", "ms");
    p.start();
    p.mark("a");
    assertThat(p.drainJson()).isNull();
  }
}
