package dev.yolojava.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.yolojava.api.TrainConfig;
import dev.yolojava.api.TrainResults;
import dev.yolojava.api.Yolo;
import dev.yolojava.core.engine.Training;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code yolo train} and {@code Yolo.train} reach the same entry ({@link Training#train}) and take the same
 * multi-rank path: two Gloo ranks as threads on the CPU ({@code -Dyolo.dist.ranks=2}). The CLI used to build its own
 * single-device trainer and ignore {@code device=0,1} and torchrun's variables.
 */
class OneTrainEntryTest {
  private static final String ARGS = "model=yolov8n.yaml data=synthetic:train=16,val=8,seed=2,size=64x64 epochs=1 "
      + "imgsz=64 batch=8 workers=1 device=cpu plots=False seed=0 warmup_epochs=0 nbs=8";

  @Test
  void cliAndApiTrainAsTheSameTwoRanks(@TempDir Path dir) throws Exception {
    System.setProperty("yolo.cache.dir", dir.resolve("cache").toString());
    System.setProperty("yolo.dist.ranks", "2");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(Training.class);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO); // this module's tests log WARN and above
    log.start();
    logger.addAppender(log);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<String> argv = new java.util.ArrayList<>(List.of("train"));
      argv.addAll(List.of(ARGS.split(" ")));
      argv.addAll(List.of("project=" + dir, "name=cli"));
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        code = YoloCli.run(argv, o, o);
      }
      assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
      TrainResults api;
      try (Yolo model = Yolo.create("yolov8n.yaml")) {
        api = model.train(TrainConfig.parse(ARGS + " project=" + dir + " name=api"));
      }

      List<String> paths = log.list.stream().map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.startsWith("Training data-parallel")).toList();
      assertThat(paths).containsExactly(
          "Training data-parallel: 2 ranks as threads of this JVM on cpu (Gloo)",
          "Training data-parallel: 2 ranks as threads of this JVM on cpu (Gloo)");
      // same entry, same ranks, same seed: the same losses and metrics (the time column aside)
      assertThat(withoutTime(dir.resolve("cli/results.csv"))).isEqualTo(withoutTime(api.resultsCsv()));
    } finally {
      logger.detachAppender(log);
      logger.setLevel(level);
      System.clearProperty("yolo.dist.ranks");
      System.clearProperty("yolo.cache.dir");
    }
  }

  private static List<String> withoutTime(Path csv) throws Exception {
    return Files.readAllLines(csv).stream().map(l -> l.replaceFirst("^([^,]*),[^,]*,", "$1,")).toList();
  }
}
