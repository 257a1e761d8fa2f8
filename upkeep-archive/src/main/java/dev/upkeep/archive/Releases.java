package dev.upkeep.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The transfer engine every {@link Archive} shares: finds releases by expression, pushes a
 * directory as a release, pulls one into a directory, verifies one in the archive, yanks one.
 *
 * <ul>
 *   <li><b>push</b>: chooses files ({@link FileSelection}), hashes them in parallel (SHA-256 for
 *       the blob ids and, when signing, git blob ids for the tree hash, in one read), uploads each
 *       blob the archive lacks once, then publishes the record — only after every blob is in place;
 *       with {@code key}, the record carries the release's tree hash and its signature.
 *   <li><b>pull</b>: refuses a record with a path outside the release or a bad blob id before
 *       writing anything; downloads each distinct blob once, in parallel, to a {@code .upkeep-part}
 *       file, checks its size and SHA-256, renames it into place; resumes a part file and skips a
 *       file already right; writes the completion marker {@code .rme/record.yml} (rmellipse's)
 *       last. A missing or corrupt blob fails the pull after every other file is fetched and
 *       checked, naming the file, the blob and the archive.
 *   <li><b>verify</b>: reads every blob of a release from the archive and checks size and SHA-256,
 *       the recorded tree hash and, with a public key, the signature.
 * </ul>
 *
 * Files stream through 64 KiB buffers: memory stays flat whatever their size. Thread-safe; each
 * call uses its own pool of {@link #threads()} threads.
 */
public final class Releases {
  /** Transfer threads by default: {@code max(4, 2 × processors)} — the I/O waits, not the CPU. */
  public static final int DEFAULT_THREADS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final Archive archive;
  private final int threads;
  private final TransferListener listener;

  private Releases(Archive archive, int threads, TransferListener listener) {
    this.archive = Objects.requireNonNull(archive, "archive");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.threads = threads;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The engine on {@code archive}, with {@link #DEFAULT_THREADS} and no listener. */
  public static Releases on(Archive archive) {
    return new Releases(archive, DEFAULT_THREADS, TransferListener.NONE);
  }

  /** The same engine with {@code threads} transfer threads (at least 1). */
  public Releases threads(int threads) {
    return new Releases(archive, threads, listener);
  }

  /** The same engine telling {@code listener} how transfers go. */
  public Releases listener(TransferListener listener) {
    return new Releases(archive, threads, listener);
  }

  public Archive archive() {
    return archive;
  }

  public int threads() {
    return threads;
  }

  /**
   * The versions of a title that match {@code expression}, oldest first; every version when the
   * expression is {@code null}.
   */
  public List<ReleaseVersion> list(String workspace, Title title, VersionExpression expression)
      throws IOException {
    List<ReleaseVersion> all = archive.versions(workspace, title);
    if (expression == null) {
      return all;
    }
    return all.stream().filter(expression::matches).toList();
  }

  /**
   * The newest release that matches {@code expression} and is not yanked; a yanked one only when
   * nothing else matches (with a warning), as Cargo does for locked versions.
   *
   * @throws ReleaseNotFoundException naming the title, the expression, the archive and the versions
   *     there are
   */
  public ReleaseRecord resolve(String workspace, Title title, VersionExpression expression)
      throws IOException {
    List<ReleaseVersion> matching = new ArrayList<>(list(workspace, title, expression));
    if (matching.isEmpty()) {
      List<ReleaseVersion> all = archive.versions(workspace, title);
      String what = expression.isAny() ? "" : " matching '" + expression + "'";
      throw new ReleaseNotFoundException(
          "no release of "
              + title
              + what
              + " in "
              + (workspace.equals(Workspace.DEFAULT) ? "" : "workspace " + workspace + " of ")
              + archive.describe()
              + (all.isEmpty() ? " (it has none)" : "; it has " + join(all)));
    }
    ReleaseRecord newestYanked = null;
    for (int i = matching.size() - 1; i >= 0; i--) {
      ReleaseId id = new ReleaseId(workspace, title, matching.get(i));
      ReleaseRecord record = require(id);
      if (record.yank().isEmpty()) {
        return record;
      }
      if (newestYanked == null) {
        newestYanked = record;
      }
    }
    listener.warning(
        "release "
            + newestYanked.id()
            + " is yanked ("
            + newestYanked.yank().orElseThrow().reason()
            + ") and is the only match");
    return newestYanked;
  }

  /**
   * Reads one release's record.
   *
   * @throws ReleaseNotFoundException when it is not there
   */
  public ReleaseRecord require(ReleaseId id) throws IOException {
    Optional<ReleaseRecord> record = archive.read(id);
    if (record.isEmpty()) {
      List<ReleaseVersion> all = archive.versions(id.workspace(), id.title());
      throw new ReleaseNotFoundException(
          "release "
              + id
              + " is not in "
              + archive.describe()
              + (all.isEmpty() ? "" : "; it has " + join(all)));
    }
    return record.get();
  }

  private static String join(List<ReleaseVersion> versions) {
    List<String> s = versions.stream().map(String::valueOf).toList();
    if (s.size() > 10) {
      return String.join(", ", s.subList(s.size() - 10, s.size()))
          + " (newest 10 of "
          + s.size()
          + ")";
    }
    return String.join(", ", s);
  }

  /**
   * Pushes {@code dir} as release {@code id}.
   *
   * @param selection which files to publish
   * @param key signs the release's tree hash when not {@code null}
   * @return the record published
   * @throws ReleaseExistsException when that version is already there
   * @throws IOException naming the file that could not be read
   */
  public ReleaseRecord push(Path dir, ReleaseId id, FileSelection selection, PrivateKey key)
      throws IOException {
    return new Push(this, archive, listener).run(dir, id, selection, key);
  }

  /**
   * Pulls release {@code record} into {@code into}, which must be missing, empty, or a partial pull
   * of the same release (resumed).
   *
   * @return what was done
   * @throws ArchiveException when a blob is missing or corrupt, naming each file, after the others
   *     are in place; the completion marker is then not written
   */
  public PullResult pull(ReleaseRecord record, Path into) throws IOException {
    return new Pull(this, archive, listener).run(record, into);
  }

  /**
   * Verifies release {@code record} in the archive.
   *
   * @param key checks the signature when not {@code null}; a release without one then fails
   * @return a one-line summary
   * @throws ArchiveException listing every file whose blob is missing, of another size or hash, and
   *     a tree hash or signature that does not match
   */
  public String verify(ReleaseRecord record, PublicKey key) throws IOException {
    return new Verify(this, archive, listener).run(record, key);
  }

  /** Yanks a release: see {@link Archive#yank}. */
  public ReleaseRecord yank(ReleaseId id, String reason) throws IOException {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("say why the release is yanked (--reason)");
    }
    return archive.yank(id, reason.strip());
  }

  /**
   * What a pull did.
   *
   * @param record the release pulled
   * @param into where
   * @param files files in the release
   * @param fetched files whose bytes came from the archive (a shared blob counted once)
   * @param reused files already right on disk (a resumed pull) or copied from a fetched twin
   * @param bytes bytes fetched from the archive
   * @param cached whether the directory already held this complete release
   */
  public record PullResult(
      ReleaseRecord record,
      Path into,
      int files,
      int fetched,
      int reused,
      long bytes,
      boolean cached) {}
}
