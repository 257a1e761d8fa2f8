package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A release archive: records of releases, and the blobs their files are stored in, addressed by
 * SHA-256. Implemented by {@link FileSystemArchive} (rmellipse's layout) and, later, by the Upkeep
 * collector and CDCS; what every implementation does is checked by one contract test suite.
 *
 * <p>This interface is the storage side only. Choosing files, hashing, the parallel, verified and
 * resumable transfers, signing and verification are {@link Releases}'s, the one transfer engine
 * every archive shares: {@code push}, {@code pull} and {@code verify} there run on any archive.
 *
 * <p>Implementations are thread-safe: the engine calls {@link #has}, {@link #put} and {@link #get}
 * from several threads at once.
 */
public interface Archive {
  /** Names the archive in messages: a directory or a URL. */
  String describe();

  /**
   * The versions of a title in a workspace, oldest first by {@link ReleaseVersion} order. Anything
   * in the archive that is not a release of that title is ignored.
   */
  List<ReleaseVersion> versions(String workspace, Title title) throws IOException;

  /**
   * Reads a record.
   *
   * @return empty when there is no such release
   * @throws IllegalArgumentException when the record is not valid, naming it
   */
  Optional<ReleaseRecord> read(ReleaseId id) throws IOException;

  /**
   * Publishes a record, exclusively: of two concurrent publications of one version, exactly one
   * succeeds.
   *
   * @throws ReleaseExistsException when that version is already there
   * @throws ArchiveException when a blob the record names is missing, naming them
   */
  void publish(ReleaseRecord record) throws IOException;

  /**
   * Marks a release yanked, keeping every other field of its record.
   *
   * @throws ReleaseNotFoundException when there is no such release
   */
  ReleaseRecord yank(ReleaseId id, String reason) throws IOException;

  /** Whether the blob is stored where releases of {@code id}'s title find it. */
  boolean has(ReleaseId id, BlobId blob) throws IOException;

  /**
   * Stores a blob. The archive checks the bytes' size and SHA-256 before it keeps them, and never
   * shows a partial blob to readers; storing a blob that is already there is harmless.
   *
   * @param in exactly {@code size} bytes; not closed
   * @throws ArchiveException when the bytes are not {@code size} long or do not hash to {@code
   *     blob}
   */
  void put(ReleaseId id, BlobId blob, long size, InputStream in) throws IOException;

  /**
   * Opens a blob from byte {@code offset} on (to resume a transfer).
   *
   * @throws BlobNotFoundException when it is not there
   */
  InputStream get(ReleaseId id, BlobId blob, long offset) throws IOException;

  /**
   * Hears that a pull of a release completed: every file in place and verified. An archive that
   * counts downloads (the Upkeep collector) counts one; others do nothing. Called once per pull
   * that fetched anything, never for a directory that already held the release.
   *
   * @throws IOException when the archive could not be told; the pull itself has succeeded
   */
  default void pulled(ReleaseId id) throws IOException {}
}
