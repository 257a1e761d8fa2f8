package dev.upkeep.watch;

import dev.upkeep.watch.internal.change.Contents;
import dev.upkeep.watch.internal.change.Scope;
import dev.upkeep.watch.internal.loop.GuardedListener;
import dev.upkeep.watch.internal.loop.LoopSettings;
import dev.upkeep.watch.internal.loop.WatchLoop;
import dev.upkeep.watch.internal.run.ScriptCommand;
import dev.upkeep.watch.internal.run.ScriptRunner;
import dev.upkeep.watch.internal.source.ChangeSource;
import dev.upkeep.watch.internal.state.StateFile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running {@link Watch}, from {@link Watch#start()}: close it to stop watching. Thread-safe.
 *
 * <pre>{@code
 * try (Watcher watcher = watch.start()) {
 *   Stop stop = watcher.await();   // until closed from elsewhere, or a failure
 * }
 * }</pre>
 */
public final class Watcher implements AutoCloseable {
  /** How long {@link #close()} waits for the watch's thread to finish: 5 seconds. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Watch watch;
  private final WatchLoop loop;
  private final Detection detection;

  private Watcher(Watch watch, WatchLoop loop, Detection detection) {
    this.watch = watch;
    this.loop = loop;
    this.detection = detection;
  }

  static Watcher start(Watch watch) {
    WatchListener listener = new GuardedListener(watch.listener());
    List<String> arguments = watch.arguments();
    StateFile state = watch.stateFile().map(StateFile::new).orElse(null);
    if (state != null) {
      StateFile.requireKeepable(arguments);
      arguments = state.read().orElse(arguments);
    }
    ScriptCommand command =
        ScriptCommand.resolve(watch.script(), watch.shell(), System.getenv("PATH"));
    Scope scope =
        Scope.of(watch.path(), watch.include(), watch.exclude(), watch.stateFile().orElse(null));
    ChangeSource source = ChangeSource.open(scope, watch.detection(), listener);
    WatchLoop loop;
    try {
      Contents contents = new Contents(scope);
      contents.baseline();
      loop =
          new WatchLoop(
              contents,
              source,
              new ScriptRunner(command),
              state,
              arguments,
              new LoopSettings(
                  watch.interval(),
                  watch.debounce(),
                  watch.stopOnError(),
                  watch.runAtStart(),
                  watch.path().toString()),
              listener,
              watch.clock());
      watch.executor().execute(loop);
    } catch (RejectedExecutionException e) {
      source.close();
      throw new IllegalStateException(
          "the executor refused the watch of " + watch.path() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
    return new Watcher(watch, loop, source.detection());
  }

  /** The watch this runs. */
  public Watch watch() {
    return watch;
  }

  /**
   * How changes are detected: {@link Watch#detection()}, or {@link Detection#POLLING} when native
   * events could not be set up.
   */
  public Detection detection() {
    return detection;
  }

  /** The arguments the next run gets (the state). */
  public List<String> arguments() {
    return loop.arguments();
  }

  /** How many runs have finished since this watch started. */
  public long runs() {
    return loop.runs();
  }

  /** Whether the watch still runs. */
  public boolean isAlive() {
    return !loop.done().isDone();
  }

  /**
   * Waits until the watch ends: {@link #close()}, a failed run with {@link Watch#stopOnError()}, or
   * a failure.
   *
   * @throws InterruptedException when interrupted while waiting (the watch goes on)
   */
  public Stop await() throws InterruptedException {
    try {
      return loop.done().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the watch ended unexpectedly", e.getCause());
    }
  }

  /** As {@link #await()}, for at most {@code timeout}; empty if the watch still runs then. */
  public Optional<Stop> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(loop.done().get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the watch ended unexpectedly", e.getCause());
    }
  }

  /**
   * Stops watching: a running script is stopped (its processes get SIGTERM, then SIGKILL after two
   * seconds), then this waits up to {@link #CLOSE_TIMEOUT} for the watch's thread to finish (not
   * when called from a listener, on that thread). Idempotent.
   */
  @Override
  public void close() {
    loop.close();
    if (loop.onOwnThread()) {
      return;
    }
    try {
      loop.done().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the thread is stuck in a listener or an executor that never ran it: nothing more to do
    }
  }
}
