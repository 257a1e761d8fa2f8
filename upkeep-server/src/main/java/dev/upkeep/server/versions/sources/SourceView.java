package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceSnapshot;
import java.time.Instant;

/**
 * One source of a project as it is at one moment: what it is, how current, and its last good data.
 *
 * @param kind the kind of source
 * @param reference what it asks about ({@code groupId:artifactId}, {@code owner/repo})
 * @param url where it reads from
 * @param state how current its data is
 * @param reason why it is failing (null unless {@link SourceState#FAILING})
 * @param failedAt when the last failure happened, or null
 * @param snapshot the last good data, or null when never fetched
 */
public record SourceView(
    SourceKind kind,
    String reference,
    String url,
    SourceState state,
    String reason,
    Instant failedAt,
    SourceSnapshot snapshot) {

  /** When the served data was fetched, or null. */
  public Instant fetchedAt() {
    return snapshot == null ? null : snapshot.fetchedAt();
  }
}
