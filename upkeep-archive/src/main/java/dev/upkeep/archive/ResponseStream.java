package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that fails instead of blocking when the server sends
 * nothing for {@code idle}: {@code java.net.http} bounds the wait for a response's headers, not for
 * its body, and its own {@code ofInputStream} can block forever on a stalled server. Buffers at
 * most one of the client's chunks at a time (flow control through {@link Flow.Subscription}), so a
 * large body streams in constant memory. Closing it cancels the rest of the body.
 *
 * <p>Subscribed to one publisher ({@code BodyHandlers.ofPublisher()}); read by one thread.
 */
final class ResponseStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Duration idle;
  private final String what;
  private volatile Flow.Subscription subscription;
  private Iterator<ByteBuffer> chunk = List.<ByteBuffer>of().iterator();
  private ByteBuffer current = ByteBuffer.allocate(0);
  private boolean ended;
  private boolean closed;

  /**
   * @param idle the longest wait for the next bytes
   * @param what names the transfer in the timeout's message
   */
  ResponseStream(Duration idle, String what) {
    this.idle = idle;
    this.what = what;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  /** Moves to the next non-empty buffer; false at the end of the body. */
  private boolean fill() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (!current.hasRemaining()) {
      if (chunk.hasNext()) {
        current = chunk.next();
        continue;
      }
      if (ended) {
        return false;
      }
      Object next;
      try {
        next = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new InterruptedIOException("interrupted while " + what);
      }
      if (next == null) {
        close();
        throw new HttpTimeoutException(
            "no data for " + idle.toMillis() + " ms while " + what + "; the server stalled");
      }
      if (next == END) {
        ended = true;
      } else if (next instanceof Throwable t) {
        ended = true;
        throw t instanceof IOException io ? io : new IOException(what + ": " + t, t);
      } else {
        @SuppressWarnings("unchecked")
        List<ByteBuffer> buffers = (List<ByteBuffer>) next;
        chunk = buffers.iterator();
        subscription.request(1);
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    return fill() ? current.get() & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    return n;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Flow.Subscription s = subscription;
      if (s != null && !ended) {
        s.cancel();
      }
    }
  }
}
