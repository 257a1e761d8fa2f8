package dev.upkeep.watch.internal.loop;

import dev.upkeep.watch.Run;
import dev.upkeep.watch.Stop;
import dev.upkeep.watch.WatchListener;
import dev.upkeep.watch.internal.change.Contents;
import dev.upkeep.watch.internal.run.OutputLines;
import dev.upkeep.watch.internal.run.ScriptRunner;
import dev.upkeep.watch.internal.source.ChangeSource;
import dev.upkeep.watch.internal.source.Hints;
import dev.upkeep.watch.internal.state.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A watch's one thread: waits for events (or the next full check), checks what changed, runs the
 * script, and carries its output into the next run. Runs never overlap: events that arrive during a
 * run wait in the event queue and lead to one check, hence at most one more run, after it.
 */
public final class WatchLoop implements Runnable {
  /** A file that keeps changing is checked at least this often (nanoseconds): one second. */
  static final long MAX_DEBOUNCE_NANOS = 1_000_000_000L;

  private final Contents contents;
  private final ChangeSource source;
  private final ScriptRunner runner;
  private final StateFile state; // null without one
  private final LoopSettings settings;
  private final WatchListener listener;
  private final Clock clock;
  private final Debouncer debouncer;
  private final CompletableFuture<Stop> done = new CompletableFuture<>();

  private volatile List<String> arguments;
  private volatile long runs;
  private volatile boolean closed;
  private volatile Process current;
  private volatile Thread thread;

  public WatchLoop(
      Contents contents,
      ChangeSource source,
      ScriptRunner runner,
      StateFile state,
      List<String> arguments,
      LoopSettings settings,
      WatchListener listener,
      Clock clock) {
    this.contents = contents;
    this.source = source;
    this.runner = runner;
    this.state = state;
    this.arguments = List.copyOf(arguments);
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.debouncer = new Debouncer(settings.debounce().toNanos(), MAX_DEBOUNCE_NANOS);
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    Stop stop;
    try {
      stop = loop();
    } catch (ClosedWatchServiceException | InterruptedException e) {
      stop = closedStop();
    } catch (RuntimeException | Error e) {
      stop =
          closed
              ? closedStop()
              : new Stop(
                  Stop.Cause.FAILED,
                  "the watch of " + settings.what() + " failed: " + e,
                  Optional.empty());
      if (e instanceof Error) {
        done.complete(stop);
        throw (Error) e;
      }
    } finally {
      source.close();
    }
    done.complete(closed ? closedStop() : stop);
  }

  private Stop loop() throws InterruptedException {
    if (settings.runAtStart()) {
      Stop stop = runScript(List.of());
      if (stop != null) {
        return stop;
      }
    }
    long interval = settings.interval().toNanos();
    long nextCheck = System.nanoTime() + interval;
    while (!closed) {
      long now = System.nanoTime();
      long wait = nextCheck - now;
      if (debouncer.pending()) {
        wait = Math.min(wait, debouncer.deadline() - now);
      }
      Hints hints = source.poll(Math.max(0, wait));
      now = System.nanoTime();
      debouncer.add(hints, now);
      List<Path> changed;
      try {
        if (now - nextCheck >= 0) {
          nextCheck = now + interval;
          source.refresh();
          debouncer.clear();
          changed = contents.checkAll();
        } else if (debouncer.due(now)) {
          Hints due = debouncer.take();
          changed = due.everything() ? contents.checkAll() : contents.check(due.paths());
        } else {
          continue;
        }
      } catch (UncheckedIOException e) {
        listener.onNotice(Level.WARNING, e.getMessage() + "; trying again at the next check");
        continue;
      }
      if (contents.takeVanished()) {
        listener.onNotice(
            Level.INFO,
            settings.what()
                + " was deleted; still watching it: the script runs when it comes back changed");
      }
      if (!changed.isEmpty()) {
        Stop stop = runScript(changed);
        if (stop != null) {
          return stop;
        }
      }
    }
    return closedStop();
  }

  /** Runs the script once; returns why the watch must stop, or null to go on. */
  private Stop runScript(List<Path> changed) throws InterruptedException {
    List<String> given = arguments;
    Instant started = clock.instant();
    ScriptRunner.Outcome outcome = runner.run(given, this::started);
    current = null;
    Instant finished = clock.instant();
    long number = ++runs;
    List<String> output = OutputLines.split(outcome.stdout());
    boolean ok = outcome.error() == null && outcome.exitCode() == 0;
    Stop stop = null;
    if (ok) {
      arguments = output;
      if (state != null) {
        try {
          state.write(output);
        } catch (IOException e) {
          stop =
              new Stop(
                  Stop.Cause.FAILED,
                  "cannot write the state file "
                      + state.path()
                      + " after run "
                      + number
                      + " ("
                      + e
                      + "); stopped so that no state is lost: make its directory writable",
                  Optional.empty());
        }
      }
    }
    Run run =
        new Run(
            number,
            given,
            changed,
            started,
            finished,
            outcome.exitCode(),
            output,
            ok ? output : given,
            Optional.ofNullable(outcome.error()));
    listener.onRun(run);
    if (stop == null && !ok && settings.stopOnError() && !closed) {
      stop =
          new Stop(
              Stop.Cause.SCRIPT_FAILED,
              outcome.error() != null
                  ? outcome.error() + " (run " + number + "); stopped on error as asked"
                  : "the script exited with "
                      + outcome.exitCode()
                      + " on run "
                      + number
                      + "; stopped on error as asked",
              Optional.of(run));
    }
    return stop;
  }

  private void started(Process process) {
    current = process;
    if (closed) {
      ScriptRunner.destroy(process);
    }
  }

  private Stop closedStop() {
    return new Stop(
        Stop.Cause.CLOSED, "stopped watching " + settings.what() + " as asked", Optional.empty());
  }

  /** The arguments of the next run. */
  public List<String> arguments() {
    return arguments;
  }

  /** How many runs have finished. */
  public long runs() {
    return runs;
  }

  /** Completes with how the watch ended. */
  public CompletableFuture<Stop> done() {
    return done;
  }

  /** Whether the calling thread is the watch's own (a listener calling close). */
  public boolean onOwnThread() {
    return Thread.currentThread() == thread;
  }

  /** Stops the watch: wakes its thread and stops a running script. Any thread; idempotent. */
  public void close() {
    closed = true;
    source.close();
    Process p = current;
    if (p != null) {
      ScriptRunner.destroy(p);
    }
  }
}
