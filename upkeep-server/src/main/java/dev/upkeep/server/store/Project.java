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
 * @param visibility who may read its usage counts and releases without a token
 * @param publicPage whether its public page {@code /p/{owner}/{name}} is served (off until its
 *     maintainer turns it on)
 * @param retentionDays its own retention: null for the collector's {@code retention}, 0 to keep its
 *     events for ever, else the days after which they are deleted
 */
public record Project(
    long id,
    String name,
    Instant registeredAt,
    boolean badgeEnabled,
    Visibility visibility,
    boolean publicPage,
    Integer retentionDays) {
  /**
   * A project whose badge and public page are off, whose counts are public and whose retention is
   * the collector's.
   */
  public Project(long id, String name, Instant registeredAt) {
    this(id, name, registeredAt, false, Visibility.COUNTS_PUBLIC, false, null);
  }

  /** Whether anyone may read it without a token. */
  public boolean isPublic() {
    return visibility == Visibility.COUNTS_PUBLIC;
  }
}
