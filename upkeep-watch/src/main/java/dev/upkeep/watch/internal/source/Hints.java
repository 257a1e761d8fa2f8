package dev.upkeep.watch.internal.source;

import java.nio.file.Path;
import java.util.Set;

/**
 * What file events said may have changed: some paths (absolute), or everything (the event queue
 * overflowed, or a directory came back). Immutable.
 */
public record Hints(Set<Path> paths, boolean everything) {

  /** Nothing happened. */
  public static final Hints NONE = new Hints(Set.of(), false);

  public Hints {
    paths = Set.copyOf(paths);
  }

  /** Whether nothing happened. */
  public boolean isEmpty() {
    return paths.isEmpty() && !everything;
  }
}
