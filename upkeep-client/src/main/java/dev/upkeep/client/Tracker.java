package dev.upkeep.client;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tracked run of a project version: a {@code R} breadcrumb when it starts, one final breadcrumb
 * when it ends. Use it with try-with-resources:
 *
 * <pre>{@code
 * try (Tracker run = client.track("nipreps/fmriprep", "24.1.0")) {
 *   try {
 *     work();
 *   } catch (Exception e) {
 *     run.fail(e);       // final crumb F with the exception's type and message
 *     throw e;
 *   }
 * }                      // final crumb C unless fail() was called
 * }</pre>
 *
 * or let {@link #run} catch for you. An exception that kills a thread while the run is open marks
 * it failed too; a run still open when the JVM exits (System.exit, SIGINT, SIGTERM) is closed by
 * the client's shutdown hook as {@code S} ("Terminated (SIGTERM)", ...), or as {@code F} if an
 * uncaught exception ended it.
 *
 * <p>Every method is cheap (no I/O on the caller's thread), never throws, and is thread-safe;
 * closing twice sends one final breadcrumb.
 */
public final class Tracker implements AutoCloseable {
  private final Recorder client;
  private final String project;
  private final String version;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RunOutcome outcome;

  Tracker(Recorder client, String project, String version) {
    this.client = client;
    this.project = project;
    this.version = version;
  }

  /** A tracker that records nothing (telemetry off, or bad arguments). */
  static Tracker noop(String project, String version) {
    Tracker t = new Tracker(null, project, version);
    t.closed.set(true);
    return t;
  }

  public String project() {
    return project;
  }

  public String version() {
    return version;
  }

  /** Whether the final breadcrumb was sent (or the tracker records nothing). */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Marks the run failed with this exception; the final breadcrumb is {@code F} with its class name
   * and message, or what an {@link ErrorHandler} registered for its type says.
   */
  public void fail(Throwable error) {
    if (client != null && error != null) {
      outcome = client.outcomeOf(error);
    }
  }

  /** Sets the final status explicitly (e.g. {@link RunOutcome#suspended}). */
  public void outcome(RunOutcome outcome) {
    if (outcome != null) {
      this.outcome = outcome;
    }
  }

  /** Runs {@code work}, failing the run with whatever it throws (rethrown), then closes. */
  public <E extends Exception> void run(Work<E> work) throws E {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      fail(e);
      throw e;
    } catch (Exception e) {
      fail(e);
      throw e;
    } finally {
      close();
    }
  }

  /** Work for {@link #run}. */
  @FunctionalInterface
  public interface Work<E extends Exception> {
    void run() throws E;
  }

  /** Sends the final breadcrumb: the outcome set, or {@code C} "Completed". Idempotent. */
  @Override
  public void close() {
    RunOutcome o = outcome;
    finish(o == null ? RunOutcome.completed() : o);
  }

  /** At JVM exit: the outcome set (a failure), else {@code S} with the exit's description. */
  void closeAtExit(String description) {
    RunOutcome o = outcome;
    finish(o != null && !"C".equals(o.status()) ? o : RunOutcome.suspended(description));
  }

  /** Records an uncaught exception unless an outcome is already set. */
  void failIfOpen(Throwable error) {
    if (outcome == null && !closed.get()) {
      fail(error);
    }
  }

  private void finish(RunOutcome o) {
    if (client != null && closed.compareAndSet(false, true)) {
      client.finished(this, o);
    }
  }
}
