package dev.yolojava.core.parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one function per rank, each on its own thread, in a Gloo group on loopback. */
public final class Ranks {
  private Ranks() {}

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> List<T> run(int world, Duration timeout, Function<DistGroup, T> body) throws Exception {
    int port = freePort();
    ExecutorService pool = Executors.newFixedThreadPool(world);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int r = 0; r < world; r++) {
        DistEnv env = new DistEnv("127.0.0.1", port, world, r, r);
        futures.add(pool.submit(() -> {
          try (DistGroup g = DistGroup.gloo(env, timeout)) {
            return body.apply(g);
          }
        }));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
