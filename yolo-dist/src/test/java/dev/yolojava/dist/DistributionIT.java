package dev.yolojava.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.api.Fixtures;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packed {@code yolo} command works outside the checkout: unpacked into an empty folder, its {@code bin/yolo}
 * predicts on a synthetic image with a model built from YAML, with no Maven and no source tree around it.
 */
class DistributionIT {
  @Test
  void unpackedAnywhereItPredicts(@TempDir Path dir) throws Exception {
    Path archive = Path.of(System.getProperty("yolo.dist.archive"));
    assertThat(archive).as("the distribution archive (mvn package builds it)").isRegularFile();
    Path home = unpack(archive, dir.resolve("unpacked"));
    Path yolo = home.resolve("bin/yolo");
    assertThat(yolo).isExecutable();
    Path work = Files.createDirectories(dir.resolve("work"));
    Path image = work.resolve("shapes.png");
    BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(20, 10, 40, 30);
    g.dispose();
    ImageIO.write(img, "png", image.toFile());

    ProcessBuilder pb = new ProcessBuilder(yolo.toString(), "predict", "model=yolov8n.yaml", "source=" + image,
        "imgsz=64", "device=cpu", "save=False").directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", work.toString()); // no cache or settings of this machine's user
    env.remove("CLASSPATH");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("yolo predict finished").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("image 1/1 " + image.toAbsolutePath());
    assertThat(home).startsWith(dir); // a temporary folder, outside the checkout
  }

  /**
   * The command exports and runs TensorRT engines: yolo-tensorrt is packed with it and found through its service
   * file (natives aside: they come with the gpu profile).
   */
  @Test
  void tensorRtModuleIsPackedAndFound(@TempDir Path dir) throws Exception {
    Path home = unpack(Path.of(System.getProperty("yolo.dist.archive")), dir.resolve("unpacked"));
    try (var jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(j -> j.getFileName().toString())).anyMatch(n -> n.startsWith("yolo-tensorrt-"));
    }
    Path work = Files.createDirectories(dir.resolve("work"));
    String checks = run(work, List.of(home.resolve("bin/yolo").toString(), "checks"));
    assertThat(checks).contains("TensorRT: yolo-tensorrt and the TensorRT classes on the class path");
  }

  /** The examples of {@code yolo help}, run as printed, one after the other, in a fresh folder. */
  @Test
  void theHelpExamplesWorkAsPrinted(@TempDir Path dir) throws Exception {
    Path yolo = unpack(Path.of(System.getProperty("yolo.dist.archive")), dir.resolve("unpacked")).resolve("bin/yolo");
    Path work = Files.createDirectories(dir.resolve("work"));
    String help = run(work, List.of(yolo.toString(), "help"));
    List<String> special = List.of("yolo help", "yolo checks", "yolo version", "yolo settings", "yolo cfg",
        "yolo copy-cfg", "yolo TASK MODE ARGS");
    List<String> examples = help.lines().map(String::strip).filter(l -> l.startsWith("yolo "))
        .filter(l -> !special.contains(l)).toList();
    assertThat(examples).hasSize(3);
    for (String example : examples) {
      List<String> argv = new java.util.ArrayList<>(List.of(example.split(" ")));
      argv.set(0, yolo.toString());
      String out = run(work, argv);
      assertThat(out).as(example).doesNotContain("Exception");
    }
    assertThat(work.resolve("runs/detect/train/weights/best.pt")).isRegularFile();
    assertThat(work.resolve("runs/detect/predict")).isDirectory();
  }

  private static String run(Path work, List<String> argv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", work.toString());
    pb.environment().remove("CLASSPATH");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("%s finished", argv).isTrue();
    assertThat(p.exitValue()).as("%s:%n%s", argv, out).isZero();
    return out;
  }

  /** Unpacks the archive; returns its top folder ({@code yolo-VERSION}). */
  private static Path unpack(Path tar, Path to) throws IOException {
    Fixtures.untar(tar, to);
    try (var top = Files.list(to)) {
      return top.findFirst().orElseThrow(() -> new IOException(tar + " is empty"));
    }
  }
}
