package dev.upkeep.server.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Releases hosted by the collector (issue 16): their records, the project each title belongs to,
 * which projects may read each blob, and downloads per release and day. Blobs themselves live in a
 * blob store, not here. Thread-safe.
 */
public interface ReleaseStore {
  /** What {@link #publish} did. */
  enum Published {
    /** The release is published. */
    PUBLISHED,
    /** That version of the title is already there; nothing was written. */
    EXISTS,
    /** The title belongs to another project ({@link #owner}); nothing was written. */
    TITLE_TAKEN
  }

  /** The project a title belongs to in a workspace, claimed by its first release. */
  Optional<Project> owner(String workspace, String title);

  /**
   * Publishes a release, exclusively and atomically: the title is claimed for the project if no
   * project holds it, the record is written unless that version exists, and the project becomes a
   * reader of each blob the record names — all in one transaction. Of two concurrent publishes of
   * one version exactly one returns {@link Published#PUBLISHED}.
   */
  Published publish(NewRelease release);

  /** The releases of a title in a workspace, in the order they were published. */
  List<HostedRelease> list(String workspace, String title);

  /** One release, or empty. */
  Optional<HostedRelease> find(String workspace, String title, String version);

  /** A release's record, its YAML as rmellipse writes it; empty when there is no such release. */
  Optional<String> record(long releaseId);

  /**
   * Marks a release yanked and replaces its record with the yanked one.
   *
   * @return false when there is no such release
   */
  boolean yank(long releaseId, String record, String reason, Instant at);

  /** Every release of a project, in the order they were published. */
  List<HostedRelease> ofProject(long projectId);

  /**
   * The projects that may read a blob (hex SHA-256): uploaders and projects whose releases name it.
   */
  List<Project> blobReaders(String blob);

  /** Lets a project read a blob; harmless when it already may. */
  void addBlobReader(String blob, long projectId);

  /** Counts one completed pull of a release on a UTC day; nothing about who pulled is kept. */
  void countDownload(long releaseId, LocalDate day);

  /**
   * Downloads of a project's releases per release and day, in {@code [from, to)}, by day then
   * release.
   */
  List<ReleaseDownloads> downloads(long projectId, LocalDate from, LocalDate to);
}
