package dev.yolojava.data;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The label cache (our counterpart of Ultralytics' {@code labels/train.cache}): the scan's verified labels and
 * report in a small binary file next to the label folder, keyed by a hash of every image and label file's path,
 * size and modification time (and the class count), so a second start skips the scan unless a file changed.
 */
public final class LabelCache {
  private static final Logger LOG = LoggerFactory.getLogger(LabelCache.class);
  private static final int MAGIC = 0x594a4c43; // "YJLC"
  private static final int VERSION = 3; // 2: polygons, 3: keypoints

  /** The cached content. */
  public record Content(List<ImageLabels> labels, ScanReport report) {}

  private LabelCache() {}

  /** Where the cache of these label files lives: {@code labels/train} gives {@code labels/train.yolojava.cache}. */
  public static Path pathFor(Path firstLabelFile) {
    Path dir = firstLabelFile.toAbsolutePath().getParent();
    return dir.resolveSibling(dir.getFileName() + ".yolojava.cache");
  }

  /** Hash of the file list with sizes and mtimes (a missing file counts as such), and the scan settings. */
  public static String key(List<Path> images, List<Path> labels, int nc, boolean singleCls) {
    return key(images, labels, nc, singleCls, null);
  }

  /** As {@link #key(List, List, int, boolean)}, for labels read with a pose data set's {@code kpt_shape} (or null). */
  public static String key(List<Path> images, List<Path> labels, int nc, boolean singleCls, KeypointSpec kpt) {
    Hasher h = Hashing.sha256().newHasher();
    h.putInt(VERSION).putInt(nc).putBoolean(singleCls);
    h.putInt(kpt == null ? 0 : kpt.count()).putInt(kpt == null ? 0 : kpt.dims());
    for (List<Path> files : List.of(images, labels)) {
      for (Path p : files) {
        h.putString(p.toString(), StandardCharsets.UTF_8);
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          h.putLong(a.size()).putLong(a.lastModifiedTime().toMillis());
        } catch (IOException e) {
          h.putLong(-1);
        }
      }
    }
    return h.hash().toString();
  }

  /** The cached content if the file exists, is readable and has this key; otherwise empty. */
  public static Optional<Content> read(Path file, String key) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key)) {
        return Optional.empty();
      }
      int[] c = new int[6];
      for (int i = 0; i < c.length; i++) {
        c[i] = in.readInt();
      }
      int nm = in.readInt();
      List<String> msgs = new ArrayList<>(nm);
      for (int i = 0; i < nm; i++) {
        msgs.add(in.readUTF());
      }
      int n = in.readInt();
      List<ImageLabels> labels = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Path img = Path.of(in.readUTF());
        int h = in.readInt();
        int w = in.readInt();
        int k = in.readInt();
        float[] cls = new float[k];
        float[] boxes = new float[4 * k];
        for (int j = 0; j < k; j++) {
          cls[j] = in.readFloat();
        }
        for (int j = 0; j < 4 * k; j++) {
          boxes[j] = in.readFloat();
        }
        float[][] segments = readRows(in, k);
        float[][] keypoints = readRows(in, k);
        labels.add(new ImageLabels(img, h, w, cls, boxes, segments, keypoints));
      }
      return Optional.of(new Content(labels, new ScanReport(c[0], c[1], c[2], c[3], c[4], c[5], msgs, true)));
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable label cache {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** Per-object rows of any length (polygons, keypoints), or null: a flag, then each row's length and values. */
  private static void writeRows(DataOutputStream out, float[][] rows) throws IOException {
    out.writeBoolean(rows != null);
    for (float[] r : rows == null ? new float[0][] : rows) {
      out.writeInt(r.length);
      for (float v : r) {
        out.writeFloat(v);
      }
    }
  }

  private static float[][] readRows(DataInputStream in, int k) throws IOException {
    float[][] rows = in.readBoolean() ? new float[k][] : null;
    for (int j = 0; rows != null && j < k; j++) {
      rows[j] = new float[in.readInt()];
      for (int q = 0; q < rows[j].length; q++) {
        rows[j][q] = in.readFloat();
      }
    }
    return rows;
  }

  /** Writes the cache atomically; a read-only location only logs a warning. */
  public static void write(Path file, String key, Content content) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
    try {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(key);
        ScanReport r = content.report();
        for (int v : new int[] {r.found(), r.missing(), r.empty(), r.corrupt(), r.badLines(), r.duplicates()}) {
          out.writeInt(v);
        }
        out.writeInt(r.messages().size());
        for (String m : r.messages()) {
          out.writeUTF(m.length() > 8000 ? m.substring(0, 8000) : m);
        }
        out.writeInt(content.labels().size());
        for (ImageLabels l : content.labels()) {
          out.writeUTF(l.image().toString());
          out.writeInt(l.height());
          out.writeInt(l.width());
          out.writeInt(l.size());
          for (float v : l.cls()) {
            out.writeFloat(v);
          }
          for (float v : l.boxes()) {
            out.writeFloat(v);
          }
          writeRows(out, l.segments());
          writeRows(out, l.keypoints());
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write label cache {} ({}); the next start will scan again", file, e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the tmp file is harmless
      }
    }
  }
}
