package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A registered project.
 *
 * @param id store id
 * @param name {@code owner/name}
 * @param registeredAt when it was registered
 * @param badgeEnabled whether its public users badge is served (off until its maintainer turns it
 *     on)
 */
public record Project(long id, String name, Instant registeredAt, boolean badgeEnabled) {
  /** A project whose badge is off. */
  public Project(long id, String name, Instant registeredAt) {
    this(id, name, registeredAt, false);
  }
}
