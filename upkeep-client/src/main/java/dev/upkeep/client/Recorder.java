package dev.upkeep.client;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.ExitSignals;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.consent.ConsentController;
import dev.upkeep.client.internal.delivery.Crumb;
import dev.upkeep.client.internal.update.UpdateNotice;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client's tracking calls do on the caller's thread: decide whether the call is recorded now
 * (consent not off, app or project not silenced), stamp a breadcrumb with the client's clock and
 * queue it (after the one-time notice, when due); open and close tracked runs, map a failed run's
 * exception to its outcome, and ask for the update notice. No I/O on the caller's thread.
 *
 * <p>It keeps the tracked runs still open, one per project@version, and what watches them at the
 * JVM's end: the first run installs the signal observers and an uncaught-exception handler that
 * marks open runs failed (then calls the handler it replaced); {@link #closeAllAtExit} closes them.
 * Thread-safe; never throws.
 */
final class Recorder {
  private final ConcurrentHashMap<String, Tracker> open = new ConcurrentHashMap<>();
  private volatile boolean hooksInstalled;
  private final ConsentController consent;
  private final Counters counters;
  private final UpdateNotice updates;
  private final ClientSettings settings;
  private final Clock clock;
  private final String appName;
  private final long startNanos;

  /**
   * @param startNanos when the client was built ({@link System#nanoTime()})
   */
  Recorder(
      ConsentController consent,
      Counters counters,
      UpdateNotice updates,
      ClientSettings settings,
      long startNanos) {
    this.consent = consent;
    this.counters = counters;
    this.updates = updates;
    this.settings = settings;
    this.clock = settings.clock;
    this.appName = settings.consent.appName;
    this.startNanos = startNanos;
  }

  /** See {@link UpkeepClient#addBreadcrumb(String, String, Map)}. */
  void breadcrumb(String project, String version, Map<String, String> attributes) {
    if (!recording(project) || version == null) {
      return;
    }
    try {
      List<Map.Entry<String, String>> pairs = List.of();
      if (attributes != null && !attributes.isEmpty()) {
        pairs = new ArrayList<>(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
          if (e.getKey() != null && e.getValue() != null) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
          }
        }
      }
      offer(null, project, version, "R", null, null, null, pairs);
    } catch (RuntimeException e) {
      Log.debug("addBreadcrumb: " + e);
    }
  }

  /** See {@link UpkeepClient#track}. */
  Tracker track(String project, String version) {
    if (!recording(project) || version == null) {
      return Tracker.noop(project, version);
    }
    try {
      Tracker t = new Tracker(this, project, version);
      installHooks();
      Tracker existing = open.putIfAbsent(key(t), t);
      if (existing != null) {
        return existing;
      }
      offer(null, project, version, "R", "Started", null, null, List.of());
      notifyUpdates(project, version);
      return t;
    } catch (RuntimeException e) {
      Log.debug("track: " + e);
      return Tracker.noop(project, version);
    }
  }

  /** See {@link UpkeepClient#notifyUpdates}. */
  void notifyUpdates(String project, String version) {
    if (consent.mode() == ConsentMode.ON && !Silence.covers(appName, project)) {
      updates.request(project, version);
    }
  }

  /** The outcome of a run that threw: the first registered handler's answer, else failed. */
  RunOutcome outcomeOf(Throwable error) {
    for (Map.Entry<Class<? extends Throwable>, ErrorHandler> h : settings.errorHandlers) {
      if (h.getKey().isInstance(error)) {
        try {
          RunOutcome o = h.getValue().handle(error);
          if (o != null) {
            return o;
          }
        } catch (RuntimeException e) {
          Log.debug("error handler failed: " + e);
        }
      }
    }
    return RunOutcome.failed(error);
  }

  /** Records a run's final breadcrumb. */
  void finished(Tracker t, RunOutcome o) {
    open.remove(key(t), t);
    try {
      offer(
          null,
          t.project(),
          t.version(),
          o.status(),
          o.statusDesc(),
          o.errorType(),
          o.errorDesc(),
          List.of());
    } catch (RuntimeException e) {
      Log.debug("final breadcrumb: " + e);
    }
  }

  /**
   * Records a report (Upkeep's protocol only: migas has no place for it, it is counted refused).
   */
  void submitReport(String project, String version, List<Map.Entry<String, String>> pairs) {
    if (!recording(project) || version == null) {
      return;
    }
    if (settings.protocol == Protocol.MIGAS) {
      counters.rejected.incrementAndGet();
      Log.debug("reports need the Upkeep protocol; migas has no place for them");
      return;
    }
    offer("report", project, version, "C", null, null, null, pairs);
  }

  /** Seconds since the client was built, millisecond precision, e.g. {@code 12.345}. */
  String sessionSeconds() {
    return String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * Closes every open run at JVM exit: {@code S} with the signal that ended the JVM, or the failure
   * an uncaught exception recorded.
   */
  void closeAllAtExit() {
    try {
      String signal = ExitSignals.received();
      String description =
          signal == null
              ? "Exited before the run was closed"
              : ("SIGINT".equals(signal) ? "Interrupted" : "Terminated") + " (" + signal + ")";
      for (Tracker t : new ArrayList<>(open.values())) {
        t.closeAtExit(description);
      }
    } catch (RuntimeException e) {
      Log.debug("closing runs at exit: " + e);
    }
  }

  /** Whether calls for this project are recorded now (consent not off, not silenced). */
  private boolean recording(String project) {
    return project != null
        && consent.mode() != ConsentMode.OFF
        && consent.dispatcher() != null
        && !Silence.covers(appName, project);
  }

  private void offer(
      String kind,
      String project,
      String version,
      String status,
      String statusDesc,
      String errorType,
      String errorDesc,
      List<Map.Entry<String, String>> attributes) {
    consent.record(
        new Crumb(
            kind,
            project,
            version,
            clock.millis(),
            status,
            statusDesc,
            errorType,
            errorDesc,
            attributes));
  }

  private static String key(Tracker run) {
    return run.project() + "@" + run.version();
  }

  private void installHooks() {
    if (hooksInstalled) {
      return;
    }
    synchronized (this) {
      if (hooksInstalled) {
        return;
      }
      hooksInstalled = true;
      ExitSignals.install();
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler(
          (thread, error) -> {
            for (Tracker t : open.values()) {
              t.failIfOpen(error);
            }
            if (previous != null) {
              previous.uncaughtException(thread, error);
            } else {
              System.err.print("Exception in thread \"" + thread.getName() + "\" ");
              error.printStackTrace();
            }
          });
    }
  }
}
