package dev.yolojava.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.yolojava.data.image.Images;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads images resized so the long side is imgsz (Ultralytics' {@code load_image}: ratio imgsz/max(h,w),
 * {@code ceil} sizes capped at imgsz, bilinear), optionally cached: in RAM as native Mats, or on disk as NumPy
 * {@code .npy} files ({@code x.jpg -> x.<imgsz>.npy}, uint8 HxWx3 BGR) next to the images.
 */
final class ImageCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+),\\s*3\\)");

  private final List<ImageLabels> labels;
  private final int imgsz;
  private final CacheMode mode;
  private final Mat[] ram;

  ImageCache(List<ImageLabels> labels, int imgsz, CacheMode requested, int threads, String prefix) {
    this.labels = labels;
    this.imgsz = imgsz;
    CacheMode m = requested;
    if (m == CacheMode.DISK && !Files.isWritable(labels.get(0).image().getParent())) {
      LOG.warn("{}image folder {} is not writable: not caching images to disk", prefix,
          labels.get(0).image().getParent());
      m = CacheMode.NONE;
    }
    this.mode = m;
    this.ram = m == CacheMode.RAM ? new Mat[labels.size()] : null;
    if (m != CacheMode.NONE) {
      fill(threads, prefix);
    }
  }

  CacheMode mode() {
    return mode;
  }

  /** The resized image of sample {@code i}; RAM-cached images are shared. */
  LoadedImage load(int i) {
    ImageLabels l = labels.get(i);
    if (ram != null) {
      return new LoadedImage(ram[i], l.height(), l.width(), true);
    }
    if (mode == CacheMode.DISK) {
      Path npy = npyPath(l.image());
      if (Files.isRegularFile(npy)) {
        try {
          return new LoadedImage(readNpy(npy), l.height(), l.width(), false);
        } catch (RuntimeException | IOException e) {
          LOG.warn("re-decoding {}: its disk cache {} is unreadable ({})", l.image(), npy, e.toString());
        }
      }
    }
    return new LoadedImage(decodeResized(l.image(), imgsz), l.height(), l.width(), false);
  }

  /** Sample {@code i}'s image from its file's bytes, already read (no cache involved). */
  LoadedImage decode(int i, byte[] encoded) {
    ImageLabels l = labels.get(i);
    Mat im = Images.decode(encoded, l.image().toString());
    return new LoadedImage(resized(im, imgsz), l.height(), l.width(), false);
  }

  /** Decodes and resizes the long side to imgsz the way Ultralytics' {@code load_image} does. */
  static Mat decodeResized(Path image, int imgsz) {
    return resized(Images.read(image), imgsz);
  }

  /** {@code im} with its long side resized to imgsz ({@code im} itself when it is already; else closed). */
  private static Mat resized(Mat im, int imgsz) {
    int h0 = im.rows();
    int w0 = im.cols();
    double r = (double) imgsz / Math.max(h0, w0);
    if (r == 1) {
      return im;
    }
    int w = (int) Math.min(Math.ceil(w0 * r), imgsz);
    int h = (int) Math.min(Math.ceil(h0 * r), imgsz);
    Mat out = new Mat();
    try (Size s = new Size(w, h)) {
      opencv_imgproc.resize(im, out, s, 0, 0, opencv_imgproc.INTER_LINEAR);
    }
    im.close();
    return out;
  }

  Path npyPath(Path image) {
    String n = image.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return image.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "." + imgsz + ".npy");
  }

  private void fill(int threads, String prefix) {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "yolo-cache");
      t.setDaemon(true);
      return t;
    });
    long bytes = 0;
    try {
      List<Future<Long>> fs = new ArrayList<>();
      for (int i = 0; i < labels.size(); i++) {
        int idx = i;
        fs.add(pool.submit(() -> cacheOne(idx)));
      }
      for (Future<Long> f : fs) {
        bytes += f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("image caching interrupted", e);
    } catch (ExecutionException e) {
      close();
      throw new IllegalStateException("image caching failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    LOG.info("{}Caching images ({} GB {}) in {} s", prefix, String.format("%.2f", bytes / 1e9), mode,
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
  }

  private long cacheOne(int i) throws IOException {
    Path img = labels.get(i).image();
    if (mode == CacheMode.RAM) {
      ram[i] = decodeResized(img, imgsz);
      return (long) ram[i].rows() * ram[i].cols() * 3;
    }
    Path npy = npyPath(img);
    if (!Files.isRegularFile(npy)) {
      try (Mat m = decodeResized(img, imgsz)) {
        writeNpy(npy, m);
      }
    }
    return Files.size(npy);
  }

  /** Writes a uint8 HxWx3 image as NumPy format 1.0 (atomically, via a temp file). */
  static void writeNpy(Path file, Mat m) throws IOException {
    checkArgument(m.channels() == 3 && m.depth() == opencv_core.CV_8U, "expected a 3-channel uint8 image");
    String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + m.rows() + ", " + m.cols() + ", 3), }";
    int unpadded = 10 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String header = dict + " ".repeat(total - unpadded) + "\n";
    ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    head.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).flip();
    Mat cont = m.isContinuous() ? m : m.clone();
    long n = (long) m.rows() * m.cols() * 3;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp" + Thread.currentThread().getId());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(head);
      ByteBuffer data = cont.data().capacity(n).asByteBuffer();
      while (data.hasRemaining()) {
        ch.write(data);
      }
    } finally {
      if (cont != m) {
        cont.close();
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a file written by {@link #writeNpy} straight into a new Mat. */
  static Mat readNpy(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, pre);
      pre.flip();
      checkArgument((pre.get(0) & 0xff) == 0x93 && pre.get(6) == 1, "%s is not a NumPy 1.0 file", file);
      int hl = pre.getShort(8) & 0xffff;
      ByteBuffer hb = ByteBuffer.allocate(hl);
      readFully(ch, hb);
      String header = new String(hb.array(), StandardCharsets.US_ASCII);
      Matcher mm = SHAPE.matcher(header);
      checkArgument(header.contains("'|u1'") && mm.find(), "%s: header %s is not a uint8 HxWx3 image",
          file, header.strip());
      int h = Integer.parseInt(mm.group(1));
      int w = Integer.parseInt(mm.group(2));
      long n = (long) h * w * 3;
      checkArgument(ch.size() - 10 - hl == n, "%s holds %s data bytes, expected %s for %sx%sx3",
          file, ch.size() - 10 - hl, n, h, w);
      Mat m = new Mat(h, w, opencv_core.CV_8UC3);
      try {
        readFully(ch, m.data().capacity(n).asByteBuffer());
      } catch (IOException | RuntimeException e) {
        m.close();
        throw e;
      }
      return m;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  @Override
  public void close() {
    if (ram != null) {
      for (int i = 0; i < ram.length; i++) {
        if (ram[i] != null) {
          ram[i].close();
          ram[i] = null;
        }
      }
    }
  }
}
