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
}
