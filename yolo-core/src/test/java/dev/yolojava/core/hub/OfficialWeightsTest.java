package dev.yolojava.core.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.yolojava.core.engine.YoloModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights download against a loopback HTTP server: success, redirect, 404, broken connection, cache, unknown names. */
class OfficialWeightsTest {
  @TempDir Path cache;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private byte[] asset;
  private String base;
  private static final int NC_SYNTH = 8; // yolov8n-synth.pt, per the fixtures README

  @BeforeEach
  void start() throws IOException {
    asset = new byte[300_000];
    new Random(7).nextBytes(asset);
    System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, asset, 0, 4);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ok/", ex -> send(ex, asset, asset.length));
    server.createContext("/moved/", ex -> {
      requests.incrementAndGet();
      String name = ex.getRequestURI().getPath().substring("/moved/".length());
      ex.getResponseHeaders().add("Location", "/ok/" + name);
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/missing/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.createContext("/html/", ex -> send(ex, "<html>sign in</html>".getBytes(), 20));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    System.setProperty("yolo.cache", cache.toString());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    System.clearProperty("yolo.cache");
    System.clearProperty("yolo.weights.url");
  }

  /** Declares {@code body.length} bytes and writes {@code count} of them. */
  private void send(HttpExchange ex, byte[] body, int count) throws IOException {
    requests.incrementAndGet();
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body, 0, count);
    } catch (IOException expectedWhenShort) {
      // the server refuses a short body and drops the connection, which is what the test wants
    } finally {
      ex.close();
    }
  }

  private void serveFrom(String path) {
    System.setProperty("yolo.weights.url", base + path);
  }

  @Test
  void downloadsFollowingRedirectThenUsesCacheWithoutRequest() throws IOException {
    serveFrom("/moved");
    Path p = OfficialWeights.resolve(Path.of("yolo26n.pt"));
    assertThat(p).isEqualTo(cache.resolve("yolo26n.pt"));
    assertThat(Files.readAllBytes(p)).isEqualTo(asset);
    assertThat(requests.get()).isEqualTo(2); // the redirect and the file
    assertThat(OfficialWeights.resolve(Path.of("yolo26n.pt"))).isEqualTo(p);
    assertThat(requests.get()).isEqualTo(2);
    assertThat(listCache()).containsExactly("yolo26n.pt");
  }

  @Test
  void notFoundNamesUrlAndWhereToPlaceTheFile() throws IOException {
    serveFrom("/missing");
    assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("yolo11s.pt")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot download yolo11s.pt from " + base + "/missing/yolo11s.pt: HTTP 404; place the file at "
            + cache.resolve("yolo11s.pt").toAbsolutePath() + " or check the network");
    assertThat(listCache()).isEmpty();
  }

  @Test
  void connectionBrokenMidFileLeavesNothingInCache() throws Exception {
    // a raw socket: the JDK server keeps a connection open after a short body, a broken peer closes it
    try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread peer = new Thread(() -> {
        try (Socket s = raw.accept()) {
          s.getInputStream().read(new byte[4096]);
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + asset.length + "\r\n\r\n").getBytes());
          out.write(asset, 0, asset.length / 2);
          out.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      peer.start();
      base = "http://127.0.0.1:" + raw.getLocalPort();
      serveFrom("/broken");
      assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("yolov8m.pt")))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot download yolov8m.pt from " + base + "/broken/yolov8m.pt: ")
          .hasMessageEndingWith("; place the file at " + cache.resolve("yolov8m.pt").toAbsolutePath()
              + " or check the network");
      peer.join(10_000);
    }
    assertThat(listCache()).isEmpty();
  }

  @Test
  void responseThatIsNotACheckpointIsRejected() throws IOException {
    serveFrom("/html");
    assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("yolo26x.pt")))
        .hasMessageContaining(": the response is not a .pt checkpoint (no zip signature); place the file at");
    assertThat(listCache()).isEmpty();
  }

  @Test
  void offlineMessageNamesTheCause() throws IOException {
    int port = server.getAddress().getPort();
    server.stop(0);
    System.setProperty("yolo.weights.url", "http://127.0.0.1:" + port + "/ok");
    assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("yolo26n.pt")))
        .hasMessageStartingWith("cannot download yolo26n.pt from http://127.0.0.1:" + port + "/ok/yolo26n.pt: ")
        .hasMessageEndingWith(" or check the network");
    assertThat(listCache()).isEmpty();
  }

  @Test
  void unknownNamesAndPathsAreNotDownloaded() {
    serveFrom("/ok");
    assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("yolo26q.pt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model file not found: yolo26q.pt (not an official Ultralytics asset, so it is not downloaded;"
            + " official names are like yolo26n.pt)");
    assertThatThrownBy(() -> OfficialWeights.resolve(Path.of("runs", "yolo26n.pt")))
        .hasMessageContaining("a path with a directory is never downloaded");
    assertThat(requests.get()).isZero();
  }

  @Test
  void officialNamesCoverThreeFamiliesFiveSizesThreeTasks() {
    assertThat(OfficialWeights.names()).hasSize(45).contains("yolov8n.pt", "yolo11x.pt", "yolo26m.pt",
        "yolo26n-seg.pt", "yolov8s-seg.pt", "yolo26n-pose.pt", "yolo11m-pose.pt");
    // tasks not built yet are not downloaded: loading them would fail after a download
    assertThat(OfficialWeights.isOfficial("yolo26n-obb.pt")).isFalse();
    assertThat(OfficialWeights.isOfficial("yolo26n-cls.pt")).isFalse();
  }

  @Test
  void yoloModelLoadDownloadsARealCheckpoint() throws IOException {
    String dir = System.getProperty("yolo.fixtures", "../../shared/fixtures");
    Path fixture = Path.of(dir).resolve("yolov8n-synth.pt");
    Assumptions.assumeTrue(Files.isRegularFile(fixture),
        "fixtures not found at " + fixture.toAbsolutePath() + ": skipping the download-and-load test");
    asset = Files.readAllBytes(fixture);
    serveFrom("/ok");
    try (YoloModel model = YoloModel.load(Path.of("yolov8n.pt"))) {
      assertThat(model.names()).hasSize(NC_SYNTH);
    }
    assertThat(Files.readAllBytes(cache.resolve("yolov8n.pt"))).isEqualTo(asset);
    assertThat(requests.get()).isEqualTo(1);
  }

  private java.util.List<String> listCache() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
