package dev.upkeep.bench.watch;

import dev.upkeep.watch.Detection;
import java.time.Duration;

/**
 * One way of watching, measured: how changes are detected, the interval between full checks and the
 * debounce.
 */
record Mode(String name, Detection detection, Duration interval, Duration debounce) {

  /** {@code native}, {@code native-debounce0}, {@code poll-0.1} or {@code poll-5}-style names. */
  static Mode parse(String name) {
    if (name.equals("native")) {
      return new Mode(name, Detection.NATIVE, Duration.ofSeconds(5), Duration.ofMillis(50));
    }
    if (name.equals("native-debounce0")) {
      return new Mode(name, Detection.NATIVE, Duration.ofSeconds(5), Duration.ZERO);
    }
    if (name.startsWith("poll-")) {
      double seconds = Double.parseDouble(name.substring("poll-".length()));
      return new Mode(
          name,
          Detection.POLLING,
          Duration.ofNanos(Math.round(seconds * 1e9)),
          Duration.ofMillis(50));
    }
    throw new IllegalArgumentException(
        "mode must be native, native-debounce0 or poll-SECONDS, was " + name);
  }
}
