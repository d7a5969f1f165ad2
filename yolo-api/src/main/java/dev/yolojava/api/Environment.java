package dev.yolojava.api;

import dev.yolojava.core.export.TensorRtEngines;
import dev.yolojava.core.hub.OfficialWeights;
import dev.yolojava.cuda.Cuda;
import dev.yolojava.data.synth.SyntheticDataset;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Loader;

/**
 * What {@code yolo checks} and {@code yolo settings} print, as Ultralytics' {@code checks()} and {@code SETTINGS}: the
 * software and hardware this build runs on, and where it keeps weights, data sets and runs.
 */
public final class Environment {
  private Environment() {}

  /** The machine and software report, one {@code name: value} line each, as Ultralytics' {@code yolo checks}. */
  public static Map<String, String> checks() {
    Map<String, String> m = new LinkedHashMap<>();
    Runtime rt = Runtime.getRuntime();
    m.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("CPU", rt.availableProcessors() + " cores");
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("RAM", gib(os.getTotalMemorySize()) + " GiB total, " + gib(os.getFreeMemorySize()) + " GiB free");
    }
    m.put("JVM heap", gib(rt.maxMemory()) + " GiB max");
    m.put("libtorch", version("pytorch") + " (JavaCPP presets, " + Loader.getPlatform() + ")");
    m.put("OpenCV", version("opencv"));
    boolean cuda = Cuda.isAvailable();
    m.put("CUDA", cuda ? Cuda.deviceCount() + " device(s)" : "not available (the CPU runs everything)");
    m.put("ONNX Runtime", present("ai.onnxruntime.OrtEnvironment") ? "on the class path"
        : "not on the class path (.onnx models cannot run; see docs/install.md)");
    m.put("TensorRT", tensorRt());
    return m;
  }

  /** The yolo-tensorrt module and the TensorRT classes it needs; the natives show only when an engine runs. */
  private static String tensorRt() {
    if (!TensorRtEngines.isPresent()) {
      return "yolo-tensorrt not on the class path (format=engine and .engine models cannot run; see docs/deploy.md)";
    }
    return present("org.bytedeco.tensorrt.global.nvinfer")
        ? "yolo-tensorrt and the TensorRT classes on the class path (natives with the gpu profile)"
        : "yolo-tensorrt on the class path, but not org.bytedeco:tensorrt's classes (see docs/deploy.md)";
  }

  /** Where things go, as Ultralytics' settings: weights cache, data sets cache, runs, the weights' download URL. */
  public static Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("weights_dir", OfficialWeights.cacheDir().toAbsolutePath().toString());
    m.put("datasets_dir", SyntheticDataset.cacheRoot().toAbsolutePath().toString());
    m.put("runs_dir", Path.of("runs").toAbsolutePath().toString());
    m.put("weights_url", OfficialWeights.baseUrl());
    return m;
  }

  private static String version(String preset) {
    try {
      String v = Loader.getVersion("org.bytedeco", preset);
      return v == null ? "unknown" : v;
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, Environment.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024 * 1024));
  }
}
