package dev.yolojava.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.yolojava.core.io.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a training JVM (SIGKILL through {@link Process#destroyForcibly()}) at a random moment, early in
 * an epoch and while a checkpoint is being written: {@code last.pt} is always absent or loadable, and resuming
 * finishes the planned 4 epochs with one results.csv row each.
 */
class KillResumeTest {
  private static final long TIMEOUT_S = 240;

  @Test
  void killedTrainingAlwaysLeavesALoadableLastPtAndResumesToTheEnd(@TempDir Path dir) throws Exception {
    Path cache = dir.resolve("cache");
    Path run = dir.resolve("run");
    Path last = run.resolve("weights/last.pt");
    Random random = new Random(11);
    List<String> kills = new ArrayList<>();

    // 1. at a seeded random moment after start (JVM start, model build, the first batches), but no later than the
    // start of the second epoch: on a fast machine a late kill would leave too few epochs for steps 2 and 3
    Child child = Child.start(run, cache);
    long delayMs = 1500 + random.nextInt(6000);
    boolean early = child.waitForLine(l -> l.startsWith("BATCH 1 "), delayMs);
    assertThat(child.process.isAlive()).as("child ended before the kill: %s", child.lines).isTrue();
    kills.add(child.kill(early ? "at the start of epoch 2" : "random after " + delayMs + " ms"));
    checkLastPt(last, run);

    // 2. early in an epoch: right after the first batch of the second epoch this child trains
    child = Child.start(run, cache);
    int second = (Files.exists(last) ? Checkpoint.load(last).epoch().getAsInt() + 1 : 0) + 1;
    child.awaitLine(l -> l.equals("BATCH " + second + " 1"));
    kills.add(child.kill("after the first batch of epoch " + (second + 1)));
    assertThat(Checkpoint.load(last).epoch()).hasValue(second - 1);
    checkLastPt(last, run);

    // 3. while last.pt or best.pt is being replaced: as soon as writeAtomically's temp file appears
    assertThat(last).exists();
    child = Child.start(run, cache);
    Path weights = run.resolve("weights");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    boolean sawTemp = false;
    while (!sawTemp && child.process.isAlive() && System.nanoTime() < deadline) {
      sawTemp = tempFiles(weights) > 0;
    }
    assertThat(sawTemp).as("saw a checkpoint temp file before the child ended").isTrue();
    kills.add(child.kill("during a checkpoint write"));
    checkLastPt(last, run);

    // resume until a run exits 0
    int exit = -1;
    for (int attempt = 0; attempt < 3 && exit != 0; attempt++) {
      child = Child.start(run, cache);
      assertThat(child.process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("resumed run finished").isTrue();
      exit = child.process.exitValue();
    }
    assertThat(exit).as("exit status of the final resumed run; kills: %s", kills).isZero();
    List<String> rows = Files.readAllLines(run.resolve("results.csv"));
    assertThat(rows).hasSize(5);
    assertThat(rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(',')).trim()).toList())
        .containsExactly("1", "2", "3", "4");
    assertThat(Checkpoint.load(last).epoch()).hasValue(3);
  }

  /** last.pt is absent (no epoch ended yet: the next child starts over in a clean directory) or loads. */
  private static void checkLastPt(Path last, Path run) throws IOException {
    System.out.println("after the kill: last.pt " + (Files.exists(last)
        ? "holds epoch " + (Checkpoint.load(last).epoch().getAsInt() + 1) : "absent") + ", temp files left: "
        + tempFiles(run.resolve("weights")));
    if (!Files.exists(last)) {
      deleteTree(run);
      return;
    }
    assertThat(Checkpoint.load(last).epoch()).isPresent();
    try (YoloModel model = YoloModel.load(last)) {
      assertThat(model.net().nc()).isEqualTo(8);
    }
  }

  private static long tempFiles(Path weights) {
    try (Stream<Path> s = Files.list(weights)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
    } catch (IOException e) { // not created yet
      return 0;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A child JVM running {@link KillResumeMain}, its stdout lines queued. */
  private record Child(Process process, LinkedBlockingQueue<String> lines) {
    static Child start(Path run, Path cache) throws IOException {
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-Djava.awt.headless=true",
          "-Dorg.bytedeco.javacpp.maxBytes=0", "-Dyolo.cache.dir=" + cache, "-cp", cp,
          KillResumeMain.class.getName(), run.toString());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            lines.add(l);
          }
        } catch (IOException e) {
          // the process was killed
        }
      });
      reader.setDaemon(true);
      reader.start();
      return new Child(p, lines);
    }

    /** Waits up to {@code ms} for a matching line; the lines read stay queued for {@link #lastLine()}. */
    boolean waitForLine(java.util.function.Predicate<String> match, long ms) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
      while (System.nanoTime() < deadline && process.isAlive()) {
        if (lines.stream().anyMatch(match)) {
          return true;
        }
        Thread.sleep(20);
      }
      return lines.stream().anyMatch(match);
    }

    void awaitLine(java.util.function.Predicate<String> match) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        String l = lines.poll(1, TimeUnit.SECONDS);
        if (l != null) {
          seen.add(l);
          if (match.test(l)) {
            return;
          }
        } else if (!process.isAlive()) {
          break;
        }
      }
      throw new AssertionError("child never printed the awaited line; its output:\n" + String.join("\n", seen));
    }

    String lastLine() {
      String l = null;
      for (String x : lines) {
        l = x;
      }
      return l;
    }

    String kill(String when) throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String what = when + " (exit " + process.exitValue() + ", last output " + lastLine() + ")";
      System.out.println("killed " + what);
      return what;
    }
  }
}
