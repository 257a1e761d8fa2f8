package dev.upkeep.watch.internal.source;

import dev.upkeep.watch.Detection;
import java.nio.file.ClosedWatchServiceException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** No events at all: the watch's full checks every interval are the only checks. */
final class PollingSource implements ChangeSource {
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Hints poll(long timeoutNanos) throws InterruptedException {
    if (closed.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
      throw new ClosedWatchServiceException();
    }
    return Hints.NONE;
  }

  @Override
  public void refresh() {}

  @Override
  public Detection detection() {
    return Detection.POLLING;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
