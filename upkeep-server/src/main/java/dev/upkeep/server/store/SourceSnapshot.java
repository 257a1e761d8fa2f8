package dev.upkeep.server.store;

import java.time.Instant;
import java.util.List;

/**
 * What one fetch of a version source returned: its released versions and the versions it flags.
 * Immutable.
 *
 * @param fetchedAt when the fetch succeeded
 * @param releases released versions as the source names them (a leading {@code v} stripped), in no
 *     particular order
 * @param flags versions the source flags as bad (they need not be among {@code releases})
 */
public record SourceSnapshot(
    Instant fetchedAt, List<SourceRelease> releases, List<SourceFlag> flags) {
  public SourceSnapshot {
    releases = List.copyOf(releases);
    flags = List.copyOf(flags);
  }
}
