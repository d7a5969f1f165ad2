package dev.yolojava.core.parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs the ranks of an in-process job (one thread per rank, rendezvous on loopback) and collects rank 0's result. */
public final class RankThreads {
  private RankThreads() {}

  /**
   * Submits {@code tasks} (index = rank) to {@code pool}, waits for every rank and returns rank 0's result. A rank's
   * unchecked failure is rethrown as it is, a checked one wrapped; {@code pool} is shut down in every case.
   *
   * @param activity what the ranks do, for the message when the caller is interrupted ("training")
   */
  public static <T> T runAll(ExecutorService pool, List<Callable<T>> tasks, String activity) {
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      T rank0 = null;
      for (int r = 0; r < futures.size(); r++) {
        T one = futures.get(r).get();
        if (r == 0) {
          rank0 = one;
        }
      }
      return rank0;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + activity, e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A port free right now on this host, for the ranks' rendezvous on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the rendezvous on 127.0.0.1", e);
    }
  }
}
