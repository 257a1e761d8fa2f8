package dev.upkeep.server.demo;

import dev.upkeep.server.ingest.EventWriter;
import dev.upkeep.server.ingest.UsageEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Runs a {@link Generator} on an executor while the calling thread writes its batches, with at most
 * {@code depth} batches waiting between them. If writing fails the generator is stopped; if the
 * generator fails the writer stops after the batches it already made and the failure is thrown.
 */
final class Pipe {
  private static final List<UsageEvent> END = new ArrayList<>();

  private Pipe() {}

  /**
   * Generates and writes every event; returns how many were written.
   *
   * @param progress told the events written so far after each batch, on this thread
   * @throws Exception what the writer throws, or an {@link IllegalStateException} wrapping the
   *     generator's failure
   */
  static long run(
      Executor executor, Generator generator, EventWriter writer, int depth, LongConsumer progress)
      throws Exception {
    BlockingQueue<List<UsageEvent>> queue = new ArrayBlockingQueue<>(depth);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    executor.execute(
        () -> {
          try {
            generator.run(
                batch -> {
                  put(queue, batch, stop);
                  return new int[0];
                });
          } catch (Throwable t) {
            failure.set(t);
          } finally {
            try {
              put(queue, END, stop);
            } catch (InterruptedException | CancellationException e) {
              // the writer has stopped reading
            }
          }
        });
    long written = 0;
    try {
      while (true) {
        List<UsageEvent> batch = queue.take();
        if (batch == END) {
          break;
        }
        writer.append(batch);
        written += batch.size();
        progress.accept(written);
      }
    } finally {
      stop.set(true);
      queue.clear();
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("the demo generator failed: " + t, t);
    }
    return written;
  }

  private static void put(
      BlockingQueue<List<UsageEvent>> queue, List<UsageEvent> batch, AtomicBoolean stop)
      throws InterruptedException {
    while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
      if (stop.get()) {
        throw new CancellationException("the writer stopped");
      }
    }
  }
}
