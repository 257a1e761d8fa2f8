package dev.upkeep.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The release sources configured per project and the last good snapshot of each, kept so that a
 * restarted server still has last-known versions before its first fetch. Thread-safe.
 */
public interface VersionSourceStore {
  /**
   * Configures a source.
   *
   * @param repositoryUrl the source's own base URL, or null
   * @return the new source, or empty if the project already has a source of that kind
   * @throws StoreException if the project does not exist
   */
  Optional<VersionSourceRecord> add(
      long projectId, String kind, String reference, String repositoryUrl, Instant addedAt);

  /**
   * Removes a project's source of that kind with its snapshot.
   *
   * @return false if the project has no source of that kind
   */
  boolean remove(long projectId, String kind);

  /** The project's sources, in the order they were added. */
  List<VersionSourceRecord> list(long projectId);

  /**
   * Replaces a source's snapshot with a newer one, in one transaction.
   *
   * @return false if the source no longer exists (it was removed while it was being fetched)
   */
  boolean saveSnapshot(long sourceId, SourceSnapshot snapshot);

  /** The source's last saved snapshot, or empty if it was never fetched. */
  Optional<SourceSnapshot> snapshot(long sourceId);

  /**
   * Claims the next fetch of a source for the calling collector, so that collectors sharing the
   * store ask an upstream once between them: granted when no claim of another fetch holds past
   * {@code now} and the saved snapshot was fetched at or before {@code staleBefore} (or never).
   *
   * @param until when the claim ends if it is granted (a collector that dies while fetching holds
   *     it no longer)
   * @return empty when granted; else the end of the claim that stands in the way, which is at or
   *     before {@code now} when what stands in the way is a saved snapshot fetched after {@code
   *     staleBefore} (read it with {@link #snapshot}) or the source is gone
   */
  Optional<Instant> claimFetch(long sourceId, Instant staleBefore, Instant now, Instant until);

  /**
   * Moves the end of a source's fetch claim to {@code until}, e.g. after a failed fetch, so that no
   * collector asks the failing upstream again before the TTL or its {@code Retry-After} has passed.
   */
  void holdFetch(long sourceId, Instant until);
}
