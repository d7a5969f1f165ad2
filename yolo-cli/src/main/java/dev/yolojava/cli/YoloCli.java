package dev.yolojava.cli;

import dev.yolojava.api.Environment;
import dev.yolojava.core.cfg.YoloArgs;
import dev.yolojava.core.engine.YoloOutOfMemoryException;
import dev.yolojava.core.io.CheckpointMeta;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code yolo} command with Ultralytics' syntax: {@code yolo [task] mode key=value ...}, e.g.
 * {@code yolo train model=yolov8n.yaml data=synthetic epochs=3 imgsz=320 device=0}, plus {@code yolo help},
 * {@code yolo cfg} and {@code yolo version}. Bad arguments print one line on stderr and exit with code 2; a stack trace
 * follows only with {@code verbose=True} on the command line or {@code -Dyolo.debug}.
 */
public final class YoloCli {
  /** The modes by word; export reports that it is not part of this build. */
  static final Map<String, Mode> MODES = modes(new TrainMode(), new ValMode(), new PredictMode(), new ExportMode());

  /** The library's version, from the jar manifest when packaged. */
  public static final String VERSION =
      java.util.Optional.ofNullable(YoloCli.class.getPackage().getImplementationVersion()).orElse("0.1.0-SNAPSHOT");

  private YoloCli() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the command in-process; returns the exit code (0 ok, 1 failure, 2 bad arguments). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean debug = Boolean.getBoolean("yolo.debug") || args.stream().anyMatch(a -> a.matches("(?i)verbose=true"));
    try {
      if (args.isEmpty() || isWord(args, "help") || args.contains("-h") || args.contains("--help")) {
        out.print(help());
        return 0;
      }
      if (isWord(args, "version") || args.contains("--version")) {
        out.println("yolo-java " + VERSION + " (Ultralytics " + CheckpointMeta.ULTRALYTICS_VERSION + " parity)");
        return 0;
      }
      if (isWord(args, "cfg")) {
        out.print(YoloArgs.defaults().toYaml());
        return 0;
      }
      if (isWord(args, "checks")) {
        out.println("yolo-java " + VERSION + " (Ultralytics " + CheckpointMeta.ULTRALYTICS_VERSION + " parity)");
        Environment.checks().forEach((k, v) -> out.println(k + ": " + v));
        return 0;
      }
      if (!args.isEmpty() && args.get(0).equalsIgnoreCase("settings")) {
        if (args.size() > 1) {
          throw new UsageException("yolo settings: changing settings is not in this build; set the JVM properties"
              + " yolo.cache (weights), yolo.cache.dir (data sets) or the environment's YOLO_JAVA_HOME instead");
        }
        Environment.settings().forEach((k, v) -> out.println(k + ": " + v));
        return 0;
      }
      if (isWord(args, "copy-cfg")) {
        Path copy = Path.of("default_copy.yaml").toAbsolutePath();
        java.nio.file.Files.writeString(copy, YoloArgs.defaults().toYaml());
        out.println(copy + " created as a copy of the default configuration. To use it, run e.g."
            + " 'yolo cfg=" + copy.getFileName() + " imgsz=320 batch=8'");
        return 0;
      }
      YoloArgs parsed = YoloArgs.parse(args);
      if (!List.of("detect", "segment", "pose", "classify").contains(parsed.task())) {
        throw new UsageException("task '" + parsed.task() + "' is not supported: expected detect, segment, pose or"
            + " classify");
      }
      // The mode must be given (a bare word or mode=...): the catalog's default 'train' would surprise here.
      boolean given = args.stream().anyMatch(a -> isKnownMode(a) || a.startsWith("mode=") || cfgNamesMode(a));
      String modeWord = given ? parsed.mode() : null;
      if (modeWord == null) {
        throw new UsageException("mode is missing: expected one of " + String.join(", ", MODES.keySet())
            + ", e.g. 'yolo predict model=yolov8n.pt source=images/' (see 'yolo help')");
      }
      Mode mode = MODES.get(modeWord);
      if (mode == null) {
        throw new UsageException("mode '" + modeWord + "' is not in this build: expected one of "
            + String.join(", ", MODES.keySet()));
      }
      if (modeWord.equals("val") && args.stream().noneMatch(a -> a.startsWith("rect="))) {
        parsed = parsed.with("rect", true); // Ultralytics' val default (its Model.val), unless rect= is given
      }
      try {
        return mode.run(parsed, out);
      } catch (RuntimeException | OutOfMemoryError e) {
        // train, val and predict map out-of-memory themselves; this catches the rest (export) with the same advice
        if (YoloOutOfMemoryException.isOutOfMemory(e) && !(e instanceof YoloOutOfMemoryException)) {
          throw new YoloOutOfMemoryException(modeWord, parsed.batch().intValue(), parsed.imgsz()[0], e);
        }
        throw e;
      }
    } catch (UsageException | IllegalArgumentException e) {
      err.println(oneLine(e));
      if (debug) {
        e.printStackTrace(err);
      }
      return 2;
    } catch (Exception e) {
      err.println("yolo: " + e.getClass().getSimpleName() + ": " + oneLine(e));
      if (debug) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  /** The {@code yolo help} text. */
  static String help() {
    return String.join("\n",
        "Arguments received: 'yolo help'. yolo commands use the following syntax:",
        "",
        "    yolo TASK MODE ARGS",
        "",
        "    Where   TASK (optional) is detect, segment, pose or classify (segment, pose and classify: train, val,"
            + " predict and ONNX export; the model decides the task)",
        "            MODE (required) is one of " + String.join(", ", MODES.keySet()),
        "            ARGS (optional) are any number of custom 'arg=value' pairs like 'imgsz=320' that override"
            + " defaults.",
        "                See all ARGS with 'yolo cfg' or docs/configuration.md",
        "",
        "1. Train a detection model for 3 epochs on a small built-in synthetic data set (data=your.yaml for yours;",
        "   3 epochs from scratch show the workflow, not a useful model: the QuickStart's 30 epochs find a few boxes)",
        "    yolo train model=yolov8n.yaml data=synthetic:train=128,val=32,size=320x240 epochs=3 imgsz=320"
            + " lr0=0.01",
        "",
        "2. Validate the trained model",
        "    yolo val model=runs/detect/train/weights/best.pt data=synthetic:train=128,val=32,size=320x240"
            + " imgsz=320",
        "",
        "3. Predict with it, saving the drawn results (without source=: the built-in synthetic images; also a file,",
        "   a directory, a glob such as 'images/*.jpg', or a .txt list; official names like yolo26n.pt download once)",
        "    yolo predict model=runs/detect/train/weights/best.pt imgsz=320 save=True",
        "   Videos, cameras and streams too: source=clip.mp4, source=0 (a camera), source=rtsp://host/stream, or a",
        "   .streams file listing sources to predict on together; save=True writes an annotated .avi per source,",
        "   vid_stride=N takes every Nth frame",
        "",
        "4. Special commands:",
        "    yolo help",
        "    yolo checks",
        "    yolo version",
        "    yolo settings",
        "    yolo cfg",
        "    yolo copy-cfg",
        "",
        "Exit codes: 0 ok, 1 failure while running, 2 bad arguments.",
        "");
  }

  private static boolean isWord(List<String> args, String word) {
    return args.size() == 1 && args.get(0).equalsIgnoreCase(word);
  }

  /** A {@code cfg=file.yaml} whose file sets {@code mode:} gives the mode, as Ultralytics takes it from there. */
  private static boolean cfgNamesMode(String arg) {
    if (!arg.startsWith("cfg=")) {
      return false;
    }
    Path file = Path.of(arg.substring(4).strip());
    return java.nio.file.Files.isRegularFile(file) && dev.yolojava.core.cfg.ArgsYaml.read(file).get("mode") != null;
  }

  private static boolean isKnownMode(String word) {
    return dev.yolojava.core.cfg.ArgCatalog.MODES.contains(word);
  }

  /** Multi-key messages stay, but each exception prints as its message only. */
  private static String oneLine(Exception e) {
    // libtorch messages carry a C++ backtrace after the first line
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static Map<String, Mode> modes(Mode... modes) {
    return Arrays.stream(modes)
        .collect(Collectors.toMap(Mode::name, m -> m, (a, b) -> a, LinkedHashMap::new));
  }
}
