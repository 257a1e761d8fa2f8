package dev.upkeep.watch.internal.source;

import dev.upkeep.watch.Detection;
import dev.upkeep.watch.WatchListener;
import dev.upkeep.watch.internal.change.Scope;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Where a watch learns that files may have changed. Used by the watch's thread only, except {@link
 * #close()}, which any thread may call to wake it.
 */
public interface ChangeSource extends AutoCloseable {

  /**
   * Waits at most {@code timeoutNanos} (0: not at all) for events, and returns what they named,
   * together with whatever else is already queued.
   *
   * @throws java.nio.file.ClosedWatchServiceException once {@link #close()} was called
   * @throws InterruptedException when the thread is interrupted
   */
  Hints poll(long timeoutNanos) throws InterruptedException;

  /**
   * Called before every full check: watches again a watched directory that was deleted and came
   * back.
   */
  void refresh();

  /** What this source is. */
  Detection detection();

  /**
   * Stops: a waiting {@link #poll(long)} throws {@code ClosedWatchServiceException}. Idempotent.
   */
  @Override
  void close();

  /**
   * Native events for the scope's directory (or tree) when asked and possible, else polling only,
   * with a notice saying why.
   */
  static ChangeSource open(Scope scope, Detection detection, WatchListener listener) {
    if (detection == Detection.POLLING) {
      return new PollingSource();
    }
    try {
      NativeSource source = NativeSource.open(scope, listener);
      if (source.emulated()) {
        listener.onNotice(
            Level.INFO,
            "this JDK has no native file events here ("
                + System.getProperty("os.name")
                + "): its WatchService polls every few seconds; changes may be seen that late");
      }
      return source;
    } catch (IOException e) {
      listener.onNotice(
          Level.WARNING,
          "native file events are unavailable for "
              + scope.root()
              + " ("
              + e.getMessage()
              + "); polling instead (on Linux, raise fs.inotify.max_user_watches for large trees)");
      return new PollingSource();
    }
  }
}
