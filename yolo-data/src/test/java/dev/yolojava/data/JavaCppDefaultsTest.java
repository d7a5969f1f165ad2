package dev.yolojava.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** JavaCPP reads its limits once per JVM, so each case runs in a child JVM that starts at a library entry point. */
class JavaCppDefaultsTest {

  @Test
  void entryPointTurnsAccountingOffBeforeJavaCppLoads() throws Exception {
    assertThat(child()).isEqualTo("0 0");
  }

  @Test
  void limitsTheApplicationChoseStay() throws Exception {
    // the lower-case spelling is JavaCPP's too
    assertThat(child("-Dorg.bytedeco.javacpp.maxbytes=123456789")).isEqualTo("123456789 0");
    assertThat(child("-Dorg.bytedeco.javacpp.maxPhysicalBytes=987654321")).isEqualTo("0 987654321");
  }

  private static String child(String... props) throws IOException, InterruptedException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(props));
    cmd.addAll(List.of("-cp", cp, Main.class.getName()));
    // stdout only: a JVM or native warning on stderr ("Picked up JAVA_TOOL_OPTIONS ...") must not change the answer
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    String[] lines = out.split("\\R");
    return lines[lines.length - 1];
  }

  /** Loads the data loader class (an entry point), then reports the limits JavaCPP took. */
  public static final class Main {
    public static void main(String[] args) throws ClassNotFoundException {
      Class.forName("dev.yolojava.data.loader.DataLoader");
      System.out.println(Pointer.maxBytes() + " " + Pointer.maxPhysicalBytes());
    }
  }
}
