package dev.upkeep.watch.internal.loop;

import dev.upkeep.watch.internal.source.Hints;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Gathers event hints until they have been quiet for a while: a check is due {@code quiet}
 * nanoseconds after the last hint, and at the latest {@code max} after the first, so a file that
 * keeps changing is still checked. Times are {@link System#nanoTime()} values, passed in. Not
 * thread-safe.
 */
final class Debouncer {
  private final long quietNanos;
  private final long maxNanos;
  private final Set<Path> paths = new HashSet<>();
  private boolean everything;
  private boolean pending;
  private long first;
  private long last;

  Debouncer(long quietNanos, long maxNanos) {
    this.quietNanos = quietNanos;
    this.maxNanos = Math.max(quietNanos, maxNanos);
  }

  void add(Hints hints, long now) {
    if (hints.isEmpty()) {
      return;
    }
    if (!pending) {
      pending = true;
      first = now;
    }
    last = now;
    paths.addAll(hints.paths());
    everything |= hints.everything();
  }

  /** Whether hints are waiting. */
  boolean pending() {
    return pending;
  }

  /** When the waiting hints are due; only meaningful while {@link #pending()}. */
  long deadline() {
    long quietEnd = last + quietNanos;
    long maxEnd = first + maxNanos;
    return quietEnd - maxEnd < 0 ? quietEnd : maxEnd;
  }

  /** Whether the waiting hints are due at {@code now}. */
  boolean due(long now) {
    return pending && now - deadline() >= 0;
  }

  /** The waiting hints, and forgets them. */
  Hints take() {
    Hints out = new Hints(paths, everything);
    clear();
    return out;
  }

  /** Forgets the waiting hints (a full check covers them). */
  void clear() {
    paths.clear();
    everything = false;
    pending = false;
  }
}
