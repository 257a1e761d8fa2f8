package dev.upkeep.watch;

import java.util.Optional;

/**
 * How a watch ended, from {@link Watcher#await()}. Immutable.
 *
 * @param cause why it ended
 * @param message one line for a person: what happened, to what, what to do
 * @param run the failed run, when {@code cause} is {@link Cause#SCRIPT_FAILED}
 */
public record Stop(Cause cause, String message, Optional<Run> run) {

  /** Why a watch ended. */
  public enum Cause {
    /** {@link Watcher#close()} was called (or the watch's thread was interrupted). */
    CLOSED,
    /** A run failed and the watch was built with {@link Watch.Builder#stopOnError(boolean)}. */
    SCRIPT_FAILED,
    /** The watch could not go on: for example the state file could not be written. */
    FAILED
  }

  /** Every component is required. */
  public Stop {
    if (cause == null || message == null || run == null) {
      throw new NullPointerException("cause, message and run are required");
    }
  }
}
