package dev.upkeep.server.http;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The deadlines of the request being read on one connection ({@link HttpTimeouts}): armed when the
 * parser starts on a request, checked once when its header deadline passes and once when its
 * request deadline passes; a request still short of its header (or of its body) then has its
 * connection closed. Jetty's idle timeout alone does not do this: it restarts with every byte, so a
 * client sending one byte every few seconds keeps a connection forever.
 *
 * <p>Called by the connection's parser (one thread at a time) and by the scheduler, hence the
 * volatile state.
 */
final class RequestDeadline {
  private final HttpTimeouts timeouts;
  private final Scheduler scheduler;
  private final EndPoint endPoint;
  private final BooleanSupplier awaitingFirstByte;
  private volatile long request;
  private volatile boolean headerDone;
  private volatile boolean bodyDone;
  private volatile long contentLength;
  private volatile Scheduler.Task pending;

  /**
   * @param awaitingFirstByte whether the parser has not yet seen a byte of the next request (an
   *     idle keep-alive connection, left to the idle timeout)
   */
  RequestDeadline(
      HttpTimeouts timeouts,
      Scheduler scheduler,
      EndPoint endPoint,
      BooleanSupplier awaitingFirstByte) {
    this.timeouts = timeouts;
    this.scheduler = scheduler;
    this.endPoint = endPoint;
    this.awaitingFirstByte = awaitingFirstByte;
  }

  /**
   * The parser is about to read a new request (Jetty calls this at every read while it waits for
   * the request's first byte, so the deadline starts at the last of those calls).
   */
  void begin() {
    long mine = ++request;
    headerDone = false;
    bodyDone = false;
    contentLength = 0;
    cancel();
    pending =
        scheduler.schedule(
            () -> checkHeader(mine), timeouts.header().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The request declared a body of {@code bytes} ({@code Content-Length}). */
  void contentLength(long bytes) {
    contentLength = bytes;
  }

  /** The request's header is complete. */
  void headerComplete() {
    headerDone = true;
  }

  /** The request was read whole. */
  void messageComplete() {
    bodyDone = true;
    cancel();
  }

  private void checkHeader(long mine) {
    if (mine != request || bodyDone || awaitingFirstByte.getAsBoolean()) {
      return;
    }
    if (!headerDone) {
      endPoint.close();
      return;
    }
    long rest =
        Math.max(
            timeouts.request().minus(timeouts.header()).toMillis(),
            contentLength / HttpTimeouts.MIN_BODY_RATE * 1000);
    pending = scheduler.schedule(() -> checkBody(mine), rest, TimeUnit.MILLISECONDS);
  }

  private void checkBody(long mine) {
    if (mine == request && !bodyDone) {
      endPoint.close();
    }
  }

  private void cancel() {
    Scheduler.Task t = pending;
    if (t != null) {
      t.cancel();
    }
  }
}
