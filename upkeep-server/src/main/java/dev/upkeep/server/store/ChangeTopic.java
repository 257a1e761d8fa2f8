package dev.upkeep.server.store;

import java.util.Optional;

/**
 * What a {@link Change} is about: a kind of state that collectors keep in memory and that another
 * collector on the same database may change. Stored by {@link #name()}.
 */
public enum ChangeTopic {
  /** A project's own row: its badge switch or its ingest key. */
  PROJECT,
  /** A project's manual version registry: a version added, flagged or unflagged. */
  VERSIONS,
  /** A project's release sources: one added or removed, or a new snapshot of one saved. */
  VERSION_SOURCES,
  /**
   * A project's events were deleted and its rollups rewritten (a user forgotten, old events
   * pruned): what a collector cached of its rollups and its users' ordinals is stale.
   */
  USERS;

  /**
   * The topic of a stored name, or empty for a name this collector does not know (written by a
   * newer collector on the same database during a rolling upgrade).
   */
  public static Optional<ChangeTopic> of(String name) {
    for (ChangeTopic t : values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
