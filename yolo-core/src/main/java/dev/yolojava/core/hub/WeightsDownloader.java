package dev.yolojava.core.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads one file over HTTP(S) into place atomically: redirects are followed, the body goes to a temporary file
 * in the target's directory, its size is checked against {@code Content-Length} and, since GitHub publishes no
 * checksums for release assets, its first bytes against the zip signature every {@code .pt} checkpoint starts with
 * (for {@code .pt} targets); only then is it renamed to the target. On any failure nothing is left behind. Other
 * files (images named by URL as a predict source) get the same handling but for the zip check.
 */
public final class WeightsDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(WeightsDownloader.class);
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private final HttpClient client;

  /** A downloader following redirects with a 30 s connect timeout. */
  public WeightsDownloader() {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /**
   * Downloads {@code url} to {@code target} and returns {@code target}.
   *
   * @throws UncheckedIOException naming the file, the URL, the cause and where to place the file by hand
   */
  public Path download(URI url, Path target) {
    String name = target.getFileName().toString();
    Path tmp = null;
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + name + ".", ".part");
      LOG.info("Downloading {} to {}", url, target);
      HttpRequest req = HttpRequest.newBuilder(url).GET().build();
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      long written;
      try (InputStream in = resp.body()) {
        if (resp.statusCode() != 200) {
          throw new IOException("HTTP " + resp.statusCode());
        }
        OptionalLong length = resp.headers().firstValueAsLong("Content-Length");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          written = copy(in, out, name, length.orElse(-1));
        }
        if (length.isPresent() && written != length.getAsLong()) {
          throw new IOException("got " + written + " of " + length.getAsLong() + " bytes");
        }
      }
      if (name.endsWith(".pt")) {
        checkZip(tmp);
      }
      move(tmp, target);
      LOG.info("Downloaded {} ({} bytes)", target, written);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(message(name, url, e, target), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(message(name, url, new IOException("interrupted"), target), null);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temp name never collides with a real asset
        }
      }
    }
  }

  private static String message(String name, URI url, IOException e, Path target) {
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return String.format(
        Locale.ROOT,
        "cannot download %s from %s: %s; place the file at %s or check the network",
        name,
        url,
        cause,
        target.toAbsolutePath());
  }

  private static long copy(InputStream in, OutputStream out, String name, long total) throws IOException {
    Progress progress = new Progress(name, total);
    byte[] buf = new byte[1 << 16];
    long n = 0;
    for (int r; (r = in.read(buf)) >= 0; ) {
      out.write(buf, 0, r);
      n += r;
      progress.update(n);
    }
    progress.done(n);
    return n;
  }

  private static void checkZip(Path file) throws IOException {
    byte[] head = new byte[4];
    int got;
    try (InputStream in = Files.newInputStream(file)) {
      got = in.readNBytes(head, 0, 4);
    }
    for (int i = 0; i < 4; i++) {
      if (got < 4 || head[i] != ZIP_MAGIC[i]) {
        throw new IOException("the response is not a .pt checkpoint (no zip signature)");
      }
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
