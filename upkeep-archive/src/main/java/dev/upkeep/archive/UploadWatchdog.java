package dev.upkeep.archive;

import java.net.HttpURLConnection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request body made no progress for the read timeout: a socket write has
 * no timeout of its own, so a collector or network that stops reading would block an upload for
 * ever once the socket's buffers are full. Checks every {@code timeoutMs} on one daemon thread
 * shared by every upload; a body is cut after one to two timeouts without progress.
 */
final class UploadWatchdog {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "upkeep-archive-upload-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledFuture<?> check;
  private volatile long progress;
  private volatile boolean fired;

  /** The progress at the last check; read and written on the timer's thread only. */
  private long seen = -1;

  UploadWatchdog(HttpURLConnection c, long timeoutMs) {
    check =
        TIMER.scheduleWithFixedDelay(
            () -> {
              long now = progress;
              if (now == seen && !fired) {
                fired = true;
                c.disconnect();
              }
              seen = now;
            },
            timeoutMs,
            timeoutMs,
            TimeUnit.MILLISECONDS);
  }

  /** Some bytes were written (one thread, the writer's). */
  void progressed() {
    progress++;
  }

  /** Whether the watchdog closed the connection. */
  boolean fired() {
    return fired;
  }

  void stop() {
    check.cancel(false);
  }
}
