package dev.upkeep.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of the script, finished. Immutable.
 *
 * @param number 1 for the first run of this watch, then 2, 3, ... (not kept across restarts)
 * @param arguments the arguments the script was given (after the script itself)
 * @param changed the files whose content changed and caused this run, absolute and normalized;
 *     empty for the run at start ({@link Watch.Builder#runAtStart(boolean)})
 * @param started when the script was started, from the watch's {@link java.time.Clock}
 * @param finished when it exited and its output was read
 * @param exitCode the script's exit code; {@code -1} when it could not be started ({@link
 *     #error()})
 * @param output the lines it printed on standard output, decoded as UTF-8: split at {@code \n}, one
 *     {@code \r} before it dropped, a last line without a line break kept
 * @param next the arguments of the next run: {@link #output()} when the script exited with 0, else
 *     {@link #arguments()} (a failed run does not change the state)
 * @param error why the script could not be started, when it could not
 */
public record Run(
    long number,
    List<String> arguments,
    List<Path> changed,
    Instant started,
    Instant finished,
    int exitCode,
    List<String> output,
    List<String> next,
    Optional<String> error) {

  /** Copies the lists; every component is required. */
  public Run {
    arguments = List.copyOf(arguments);
    changed = List.copyOf(changed);
    output = List.copyOf(output);
    next = List.copyOf(next);
    if (started == null || finished == null || error == null) {
      throw new NullPointerException("started, finished and error are required");
    }
  }

  /** Whether the script started and exited with 0 (only then does its output become the state). */
  public boolean succeeded() {
    return exitCode == 0 && error.isEmpty();
  }

  /** From start to finish. */
  public Duration duration() {
    return Duration.between(started, finished);
  }
}
