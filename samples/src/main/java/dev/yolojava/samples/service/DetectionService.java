package dev.yolojava.samples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.yolojava.api.Detections;
import dev.yolojava.api.PredictConfig;
import dev.yolojava.api.Yolo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JVM service sample: {@code POST /predict} with encoded image bytes (JPEG, PNG, ...) answers
 * {@link Detections#toJson()}. One {@link Yolo} is shared by all request threads ({@code Yolo} is thread-safe).
 *
 * <p>Run: {@code ./mvnw -q -pl samples exec:java -Dexec.mainClass=dev.yolojava.samples.service.DetectionService
 * -Dexec.args="model.pt 8080"}, then {@code curl --data-binary @bus.jpg localhost:8080/predict}.
 */
public final class DetectionService implements AutoCloseable {
  /** Larger bodies are refused, so one request cannot exhaust the heap. */
  static final int MAX_BODY_BYTES = 32 << 20;

  private final HttpServer server;
  private final ExecutorService pool;

  private DetectionService(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts serving {@code model} with {@code cfg} on {@code address} (port 0 picks a free one) with n threads. */
  public static DetectionService start(Yolo model, PredictConfig cfg, InetSocketAddress address, int threads)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/predict", ex -> handle(ex, model, cfg));
    server.start();
    return new DetectionService(server, pool);
  }

  /** The bound address (the actual port when started on port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void handle(HttpExchange ex, Yolo model, PredictConfig cfg) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("POST")) {
        reply(ex, 405, "{\"error\": \"method " + ex.getRequestMethod() + " not allowed: expected POST\"}");
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (body.length > MAX_BODY_BYTES) {
        reply(ex, 413, "{\"error\": \"image is over " + MAX_BODY_BYTES + " bytes\"}");
        return;
      }
      try {
        reply(ex, 200, model.predict(body, cfg).get(0).toJson());
      } catch (IllegalArgumentException e) {
        reply(ex, 400, "{\"error\": \"" + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      }
    }
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  /** {@code DetectionService MODEL.pt [PORT]}: serves until killed. */
  public static void main(String[] args) throws IOException {
    Yolo model = Yolo.load(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    DetectionService s = start(model, PredictConfig.defaults(), new InetSocketAddress(port), 4);
    System.out.println("POST images to http://localhost:" + s.address().getPort() + "/predict");
  }
}
