package dev.upkeep.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs I/O tasks on a pool of daemon threads that lives for one call. */
final class Parallel {
  private Parallel() {}

  /** An I/O task. */
  @FunctionalInterface
  interface Task<T> {
    T call() throws IOException;
  }

  /**
   * Runs every task and waits for all of them, then returns their results in order, or throws the
   * first task's exception (the others' added as suppressed).
   */
  static <T> List<T> run(int threads, List<Task<T>> tasks) throws IOException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, tasks.size()),
            r -> {
              Thread t = new Thread(r, "upkeep-transfer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Task<T> task : tasks) {
        futures.add(pool.submit((Callable<T>) task::call));
      }
      List<T> results = new ArrayList<>(tasks.size());
      IOException first = null;
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          IOException io = asIo(e.getCause());
          if (first == null) {
            first = io;
          } else if (first.getSuppressed().length < 20) {
            first.addSuppressed(io);
          }
          results.add(null);
        }
      }
      if (first != null) {
        throw first;
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private static IOException asIo(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof UncheckedIOException u) {
      return u.getCause();
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IOException(t);
  }
}
