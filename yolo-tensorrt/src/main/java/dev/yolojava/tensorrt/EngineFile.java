package dev.yolojava.tensorrt;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ultralytics' {@code .engine} layout: {@code <int32 LE length><metadata JSON><serialized TensorRT engine>}.
 *
 * @param metadataJson the metadata as JSON ({@code names} as {@code {"0": "box", ...}}, {@code imgsz} a list)
 * @param engine the serialized engine
 */
public record EngineFile(String metadataJson, byte[] engine) {
  private static final Pattern NAME = Pattern.compile("\"(\\d+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Writes the file. */
  public void write(Path file) {
    byte[] meta = metadataJson.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + meta.length + engine.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(meta.length).put(meta).put(engine);
    try {
      Files.write(file, b.array());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write engine " + file, e);
    }
  }

  /** Reads a file written by {@link #write} or by Ultralytics. */
  public static EngineFile read(Path file) {
    try {
      byte[] all = Files.readAllBytes(file);
      checkArgument(all.length > 4, "%s: %s bytes, expected a metadata header and an engine", file, all.length);
      int n = ByteBuffer.wrap(all, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      checkArgument(n > 0 && n < all.length - 4, "%s: metadata length %s does not fit a %s-byte file", file, n, all.length);
      String json = new String(all, 4, n, StandardCharsets.UTF_8);
      byte[] engine = new byte[all.length - 4 - n];
      System.arraycopy(all, 4 + n, engine, 0, engine.length);
      return new EngineFile(json, engine);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read engine " + file, e);
    }
  }

  /** Class names from the metadata's {@code names} object. */
  public List<String> names() {
    int at = metadataJson.indexOf("\"names\"");
    checkArgument(at >= 0, "engine metadata has no 'names': %s", metadataJson);
    String obj = metadataJson.substring(at, metadataJson.indexOf('}', at) + 1);
    Matcher m = NAME.matcher(obj);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      checkArgument(Integer.parseInt(m.group(1)) == out.size(), "engine metadata 'names' out of order: %s", obj);
      out.add(m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return out;
  }

  /** An integer entry ({@code stride}, {@code batch}). */
  public int intValue(String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(metadataJson);
    checkArgument(m.find(), "engine metadata has no integer '%s': %s", key, metadataJson);
    return Integer.parseInt(m.group(1));
  }

  /** The metadata's {@code task}; {@code detect} when absent. */
  public String task() {
    Matcher m = Pattern.compile("\"task\"\\s*:\\s*\"([a-z]+)\"").matcher(metadataJson);
    return m.find() ? m.group(1) : "detect";
  }

  /** A boolean entry; false when absent. */
  public boolean flag(String key) {
    return Pattern.compile("\"" + key + "\"\\s*:\\s*true").matcher(metadataJson).find();
  }

  /** {@code imgsz} as {@code [h, w]}. */
  public int[] imgsz() {
    Matcher m = Pattern.compile("\"imgsz\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]").matcher(metadataJson);
    checkArgument(m.find(), "engine metadata has no 'imgsz' [h, w]: %s", metadataJson);
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /** JSON metadata in Ultralytics' form. */
  public static String metadataJson(
      List<String> names, int stride, int batch, int[] imgsz, boolean endToEnd, boolean half, boolean dynamic) {
    StringBuilder sb = new StringBuilder("{\"description\": \"yolo-java TensorRT engine\", \"author\": \"yolo-java\"");
    sb.append(", \"version\": \"8.4.90\", \"task\": \"detect\"");
    sb.append(", \"stride\": ").append(stride).append(", \"batch\": ").append(batch);
    sb.append(", \"imgsz\": [").append(imgsz[0]).append(", ").append(imgsz[1]).append(']');
    sb.append(", \"names\": {");
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('"').append(i).append("\": \"");
      sb.append(names.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    sb.append("}, \"channels\": 3, \"end2end\": ").append(endToEnd);
    sb.append(", \"args\": {\"batch\": ").append(batch).append(", \"half\": ").append(half);
    sb.append(", \"dynamic\": ").append(dynamic).append(", \"nms\": false}}");
    return sb.toString();
  }
}
