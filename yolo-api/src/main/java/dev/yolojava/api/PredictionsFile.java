package dev.yolojava.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Predictions of many images in the compact JSON layout that Python scripts write from Ultralytics results:
 * {@code {"img.jpg": {"xyxy": [[x1, y1, x2, y2], ...], "conf": [...], "cls": [...]}, ...}}. Used to compare runs
 * across Python and Java.
 */
public final class PredictionsFile {
  private static final Pattern IMAGE = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\\{([^{}]*)\\}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private PredictionsFile() {}

  /** Reads the file into rows of {@code x1 y1 x2 y2 conf cls} per image name, in file order. */
  public static Map<String, List<float[]>> read(Path file) throws IOException {
    String json = Files.readString(file);
    Map<String, List<float[]>> out = new LinkedHashMap<>();
    Matcher m = IMAGE.matcher(json);
    while (m.find()) {
      String body = m.group(2);
      List<Double> xyxy = numbers(section(body, "xyxy", file));
      List<Double> conf = numbers(section(body, "conf", file));
      List<Double> cls = numbers(section(body, "cls", file));
      if (xyxy.size() != 4 * conf.size() || cls.size() != conf.size()) {
        throw new IOException(String.format(Locale.ROOT,
            "%s: image '%s' has %d box values, %d confidences and %d classes, expected 4:1:1",
            file, m.group(1), xyxy.size(), conf.size(), cls.size()));
      }
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < conf.size(); i++) {
        rows.add(new float[] {
          xyxy.get(4 * i).floatValue(), xyxy.get(4 * i + 1).floatValue(), xyxy.get(4 * i + 2).floatValue(),
          xyxy.get(4 * i + 3).floatValue(), conf.get(i).floatValue(), cls.get(i).floatValue()
        });
      }
      out.put(m.group(1), rows);
    }
    return out;
  }

  /** Writes detections keyed by the file name of each source. */
  public static void write(Path file, List<Detections> results) throws IOException {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < results.size(); i++) {
      Detections d = results.get(i);
      String name = Path.of(d.source()).getFileName().toString().replace("\"", "\\\"");
      StringBuilder xyxy = new StringBuilder();
      StringBuilder conf = new StringBuilder();
      StringBuilder cls = new StringBuilder();
      for (int k = 0; k < d.size(); k++) {
        Detection b = d.boxes().get(k);
        String sep = k == 0 ? "" : ", ";
        xyxy.append(sep).append(String.format(Locale.ROOT, "[%s, %s, %s, %s]", b.x1(), b.y1(), b.x2(), b.y2()));
        conf.append(sep).append(b.conf());
        cls.append(sep).append((float) b.classId());
      }
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
          "\"%s\": {\"xyxy\": [%s], \"conf\": [%s], \"cls\": [%s]}", name, xyxy, conf, cls));
    }
    Files.writeString(file, sb.append("}").toString());
  }

  private static String section(String body, String key, Path file) throws IOException {
    int k = body.indexOf("\"" + key + "\"");
    int start = k < 0 ? -1 : body.indexOf('[', k);
    if (start < 0) {
      throw new IOException(file + ": missing '" + key + "' list");
    }
    int depth = 0;
    for (int i = start; i < body.length(); i++) {
      if (body.charAt(i) == '[') {
        depth++;
      } else if (body.charAt(i) == ']' && --depth == 0) {
        return body.substring(start, i + 1);
      }
    }
    throw new IOException(file + ": unterminated '" + key + "' list");
  }

  private static List<Double> numbers(String s) {
    List<Double> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(s);
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out;
  }
}
