package dev.upkeep.watch.internal.loop;

import java.time.Duration;

/**
 * The timing and policy of a watch's loop. Immutable.
 *
 * @param interval time between full checks
 * @param debounce quiet time after events before a check
 * @param stopOnError whether a failed run ends the watch
 * @param runAtStart whether the script runs once before any change
 * @param what the watched path as given, for messages
 */
public record LoopSettings(
    Duration interval, Duration debounce, boolean stopOnError, boolean runAtStart, String what) {}
