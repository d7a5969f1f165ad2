package dev.yolojava.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads NumPy {@code .npz} archives (a zip of {@code .npy} files, stored or deflated) with bounded allocation. */
public final class Npz {
  private Npz() {}

  /** Every array of the archive by name (entry name without {@code .npy}), in archive order. */
  public static Map<String, NpyArray> read(Path npz) throws IOException {
    try (BoundedZip zip = BoundedZip.open(npz)) {
      long budget = Runtime.getRuntime().maxMemory() / 2;
      long total = 0;
      for (String entry : zip.entryNames()) {
        if (!entry.endsWith(".npy")) {
          throw new MalformedFileException(zip.name() + ": entry '" + entry + "' is not a .npy array");
        }
        total += Math.max(0, zip.entrySize(entry));
      }
      if (total > budget) {
        throw new MalformedFileException(zip.name() + ": arrays total " + total
            + " bytes, more than half the JVM heap (" + budget + " bytes)");
      }
      Map<String, NpyArray> out = new LinkedHashMap<>();
      for (String entry : zip.entryNames()) {
        String key = entry.substring(0, entry.length() - ".npy".length());
        out.put(key, NpyArray.parse(zip.read(entry, budget), key, zip.name() + ":" + key));
      }
      return Collections.unmodifiableMap(out);
    }
  }
}
