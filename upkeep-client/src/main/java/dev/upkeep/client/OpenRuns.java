package dev.upkeep.client;

import dev.upkeep.client.internal.ExitSignals;
import dev.upkeep.client.internal.Log;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's tracked runs that are still open, one per project@version, and what watches them at
 * the JVM's end: the first run installs the signal observers and an uncaught-exception handler that
 * marks open runs failed (then calls the handler it replaced). Thread-safe.
 */
final class OpenRuns {
  private final ConcurrentHashMap<String, Tracker> open = new ConcurrentHashMap<>();
  private volatile boolean hooksInstalled;

  /**
   * Registers a new run.
   *
   * @return null if registered, or the run of the same project@version already open
   */
  Tracker open(Tracker run) {
    installHooks();
    return open.putIfAbsent(key(run), run);
  }

  /** Forgets a closed run. */
  void closed(Tracker run) {
    open.remove(key(run), run);
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
