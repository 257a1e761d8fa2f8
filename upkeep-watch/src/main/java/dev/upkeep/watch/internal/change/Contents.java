package dev.upkeep.watch.internal.change;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The content of every file in a {@link Scope} as last seen, and what changed since. A watched file
 * that is deleted keeps its last content: it changes when it comes back different. Under a watched
 * directory, a file added or deleted is a change. Not thread-safe (the watch's thread).
 */
public final class Contents {
  private final Scope scope;
  private final Map<Path, Fingerprint> known = new HashMap<>();
  private boolean targetPresent;
  private boolean targetVanished;

  public Contents(Scope scope) {
    this.scope = scope;
  }

  /**
   * Takes the current content of every file in scope as the starting point (hashes each).
   *
   * @throws UncheckedIOException when the watched directory cannot be read
   */
  public void baseline() {
    known.clear();
    for (Path file : filesUnder(scope.target())) {
      try {
        known.put(file, Fingerprint.of(file, null));
      } catch (IOException e) {
        // deleted while starting: it is a new file when it comes back
      }
    }
    targetPresent = !scope.directory() && !known.isEmpty();
  }

  /**
   * Whether the watched file (not a directory) was found deleted by a check since the last call:
   * true once per disappearance.
   */
  public boolean takeVanished() {
    boolean vanished = targetVanished;
    targetVanished = false;
    return vanished;
  }

  /** Checks every file in scope; returns those whose content changed, sorted. */
  public List<Path> checkAll() {
    TreeSet<Path> candidates = new TreeSet<>(known.keySet());
    candidates.addAll(filesUnder(scope.target()));
    return compare(candidates);
  }

  /**
   * Checks the files events named (or the files under a named directory); returns those whose
   * content changed, sorted. For a watched file, any path means "check the file".
   */
  public List<Path> check(Collection<Path> paths) {
    if (!scope.directory()) {
      return compare(List.of(scope.target()));
    }
    TreeSet<Path> candidates = new TreeSet<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        candidates.addAll(filesUnder(p));
      } else {
        candidates.add(p);
      }
      for (Path k : known.keySet()) {
        if (k.startsWith(p)) {
          candidates.add(k);
        }
      }
    }
    return compare(candidates);
  }

  /** How many files are known (watched files that exist or existed). */
  public int size() {
    return known.size();
  }

  private List<Path> compare(Collection<Path> candidates) {
    List<Path> changed = new ArrayList<>();
    for (Path file : candidates) {
      Fingerprint before = known.get(file);
      Fingerprint now = null;
      if (scope.covers(file) && Files.isRegularFile(file)) {
        try {
          now = Fingerprint.of(file, before);
        } catch (IOException e) {
          now = null; // deleted between the two calls
        }
      }
      if (!scope.directory()) {
        targetVanished |= targetPresent && now == null;
        targetPresent = now != null;
      }
      if (now != null) {
        known.put(file, now);
        if (before == null || !now.sameContent(before)) {
          changed.add(file);
        }
      } else if (before != null && scope.directory()) {
        known.remove(file);
        changed.add(file);
      }
    }
    return changed;
  }

  private List<Path> filesUnder(Path start) {
    try {
      return scope.files(start);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files under " + start + ": " + e, e);
    }
  }
}
