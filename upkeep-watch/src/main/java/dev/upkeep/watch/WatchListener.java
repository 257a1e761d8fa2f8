package dev.upkeep.watch;

import java.lang.System.Logger.Level;

/**
 * Told about each finished run and about what a user should know while a watch goes on. Called on
 * the watch's own thread, one call at a time: a slow listener delays the next check (never runs
 * overlap). An exception thrown by a listener is logged and otherwise ignored.
 *
 * <p>The default methods log to the {@link System.Logger} named {@code dev.upkeep.watch}: runs at
 * {@code DEBUG} (failed runs at {@code WARNING}), notices at their level.
 */
public interface WatchListener {

  /** A listener that only logs. */
  WatchListener LOGGING = new WatchListener() {};

  /** A run has finished (or could not start: {@link Run#error()}). */
  default void onRun(Run run) {
    System.Logger log = System.getLogger("dev.upkeep.watch");
    if (run.succeeded()) {
      log.log(Level.DEBUG, () -> "run " + run.number() + " exited 0; next arguments " + run.next());
    } else {
      log.log(
          Level.WARNING,
          () ->
              "run "
                  + run.number()
                  + run.error()
                      .map(e -> " could not start: " + e)
                      .orElse(" exited " + run.exitCode())
                  + "; arguments kept: "
                  + run.next());
    }
  }

  /**
   * Something that does not stop the watch: the watched file was deleted (and is still watched),
   * native events are unavailable so the watch polls, a file could not be read.
   *
   * @param level {@code INFO} for what is expected to happen, {@code WARNING} for what needs a look
   * @param message one sentence naming the file or setting concerned
   */
  default void onNotice(Level level, String message) {
    System.getLogger("dev.upkeep.watch").log(level, message);
  }
}
