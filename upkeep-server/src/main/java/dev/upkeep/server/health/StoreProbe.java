package dev.upkeep.server.health;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the store whether it answers ({@link Store#check()}), for the health route, never waiting
 * longer than a timeout: the check runs on the given executor, one at a time, and every caller that
 * comes while it runs waits for that same check (at most the timeout each), so a store that hangs
 * holds one thread, not one per health request. Thread-safe.
 */
final class StoreProbe {
  private static final Logger LOG = LoggerFactory.getLogger(StoreProbe.class);

  /** The outcome of one check. */
  record Result(boolean reachable, long latencyMillis, String condition) {}

  private final Store store;
  private final Executor executor;
  private final Duration timeout;
  private final AtomicReference<CompletableFuture<Result>> running = new AtomicReference<>();

  StoreProbe(Store store, Executor executor, Duration timeout) {
    this.store = store;
    this.executor = executor;
    this.timeout = timeout;
  }

  /**
   * Checks the store, or joins the check already running.
   *
   * @return reachable with its latency, or not with the condition that showed it (for a store that
   *     did not answer within the timeout: {@code no answer within 2000 ms}); never throws
   */
  Result check() {
    CompletableFuture<Result> mine = new CompletableFuture<>();
    CompletableFuture<Result> f = running.compareAndExchange(null, mine);
    if (f == null) {
      f = mine;
      try {
        executor.execute(() -> run(mine));
      } catch (RuntimeException e) {
        running.set(null);
        return new Result(false, 0, "no thread to check it");
      }
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Result(
          false, timeout.toMillis(), "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return new Result(false, 0, "failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, 0, "interrupted");
    }
  }

  private void run(CompletableFuture<Result> mine) {
    long start = System.nanoTime();
    Result r = new Result(false, 0, "failed");
    try {
      store.check();
      r = new Result(true, elapsedMillis(start), null);
    } catch (StorageUnavailableException e) {
      // the store logs an outage once; a log line per health request would flood
      LOG.debug("health check: {}", e.getMessage());
      r = new Result(false, elapsedMillis(start), e.condition());
    } catch (RuntimeException e) {
      // The message may hold SQL or a path: it goes to the log, never into the answer.
      LOG.warn("health check: the store failed: {}", e.toString());
      r = new Result(false, elapsedMillis(start), "failed");
    } finally {
      running.set(null);
      mine.complete(r);
    }
  }

  private static long elapsedMillis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
