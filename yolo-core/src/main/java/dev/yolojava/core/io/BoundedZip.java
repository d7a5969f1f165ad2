package dev.yolojava.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Bounded access to a zip archive (a torch.save checkpoint or a NumPy {@code .npz}): every entry's declared size is
 * checked against a limit before anything is allocated, and reads stop at the declared size.
 */
final class BoundedZip implements AutoCloseable {
  private final ZipFile zip;
  private final String name;

  private BoundedZip(ZipFile zip, String name) {
    this.zip = zip;
    this.name = name;
  }

  /** Opens {@code file} as a zip; an empty file, a legacy (non-zip) torch file or a broken zip is refused. */
  static BoundedZip open(Path file) throws IOException {
    String name = file.getFileName().toString();
    long size = Files.size(file);
    if (size == 0) {
      throw new MalformedFileException(name + ": file is empty");
    }
    byte[] head = new byte[2];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, 2);
      if (n == 2 && (head[0] & 0xff) == 0x80 && head[1] <= 5) {
        throw new MalformedFileException(name + ": a bare pickle (legacy torch.save format), not a zip archive;"
            + " expected a zip archive (Checkpoint.loadPickle reads a bare data.pkl)");
      }
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new MalformedFileException(name + ": not a valid zip archive (" + e.getMessage() + ")", e);
    }
    try {
      checkSizesFit(zip, name, size);
    } catch (MalformedFileException e) {
      zip.close();
      throw e;
    }
    return new BoundedZip(zip, name);
  }

  /** Deflate cannot expand data more than about 1032:1; a larger declared ratio is a bomb or a forged header. */
  static final long MAX_DEFLATE_RATIO = 1032;

  /**
   * Refuses entries whose declared sizes cannot come from a file of {@code fileSize} bytes: stored entries must
   * declare their stored length, deflated ones at most {@link #MAX_DEFLATE_RATIO} times it, and no entry may store
   * more than the file holds.
   */
  private static void checkSizesFit(ZipFile zip, String name, long fileSize) throws MalformedFileException {
    Enumeration<? extends ZipEntry> en = zip.entries();
    while (en.hasMoreElements()) {
      ZipEntry e = en.nextElement();
      long stored = e.getCompressedSize();
      long size = e.getSize();
      if (stored > fileSize) {
        throw new MalformedFileException(name + ": entry '" + e.getName() + "' declares " + stored
            + " stored bytes but the file has only " + fileSize);
      }
      if (e.getMethod() == ZipEntry.STORED && size >= 0 && stored >= 0 && size != stored) {
        throw new MalformedFileException(name + ": stored entry '" + e.getName() + "' declares " + size
            + " bytes but stores " + stored + "; expected equal sizes");
      }
      if (e.getMethod() == ZipEntry.DEFLATED && size >= 0 && stored >= 0
          && size > MAX_DEFLATE_RATIO * stored + 1024) {
        throw new MalformedFileException(name + ": deflated entry '" + e.getName() + "' declares " + size
            + " bytes from " + stored + " compressed (more than " + MAX_DEFLATE_RATIO
            + ":1); expected a real deflate stream, not a zip bomb");
      }
    }
  }

  String name() {
    return name;
  }

  /** All entry names in central-directory order. */
  List<String> entryNames() {
    List<String> names = new ArrayList<>();
    Enumeration<? extends ZipEntry> en = zip.entries();
    while (en.hasMoreElements()) {
      names.add(en.nextElement().getName());
    }
    return names;
  }

  /** The declared uncompressed size of an entry, or -1 if there is no such entry. */
  long entrySize(String entry) {
    ZipEntry e = zip.getEntry(entry);
    return e == null ? -1 : e.getSize();
  }

  /** Reads a whole entry, refusing one larger than {@code maxBytes} or one whose data disagrees with its size. */
  byte[] read(String entry, long maxBytes) throws MalformedFileException {
    ZipEntry e = zip.getEntry(entry);
    if (e == null) {
      throw new MalformedFileException(name + ": entry '" + entry + "' is missing");
    }
    long size = e.getSize();
    long cap = Math.min(maxBytes, Integer.MAX_VALUE - 8);
    if (size < 0 || size > cap) {
      throw new MalformedFileException(name + ": entry '" + entry + "' declares " + size + " bytes; expected 0 to "
          + cap);
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] bytes = in.readNBytes((int) size);
      if (bytes.length != size) {
        throw new MalformedFileException(name + ": entry '" + entry + "' is truncated: " + bytes.length + " of "
            + size + " bytes");
      }
      if (in.read() != -1) {
        throw new MalformedFileException(name + ": entry '" + entry + "' holds more than its declared " + size
            + " bytes");
      }
      return bytes;
    } catch (MalformedFileException ex) {
      throw ex;
    } catch (IOException | RuntimeException ex) {
      // ZipException, EOFException, or the inflater's errors on garbled data
      throw new MalformedFileException(name + ": entry '" + entry + "' cannot be read (" + ex.getMessage() + ")",
          ex);
    }
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
