package dev.upkeep.watch.internal.loop;

import dev.upkeep.watch.Run;
import dev.upkeep.watch.WatchListener;
import java.lang.System.Logger.Level;

/** A listener whose exceptions are logged and go no further: a listener cannot end a watch. */
public final class GuardedListener implements WatchListener {
  private static final System.Logger LOG = System.getLogger("dev.upkeep.watch");

  private final WatchListener delegate;

  public GuardedListener(WatchListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onRun(Run run) {
    try {
      delegate.onRun(run);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the watch listener failed on run " + run.number(), e);
    }
  }

  @Override
  public void onNotice(Level level, String message) {
    try {
      delegate.onNotice(level, message);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the watch listener failed on a notice: " + message, e);
    }
  }
}
