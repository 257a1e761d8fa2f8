package dev.upkeep.server.versions.sources;

import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Requirement;
import dev.upkeep.archive.Title;
import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The releases of one title in a file-system release archive ({@code upkeep release push}, or
 * rmellipse's): every version there is released (a SemVer pre-release is one), and a yanked release
 * is flagged with its yank's reason, replaced by the newest release that is neither yanked nor a
 * pre-release, when that is above it. The reference is {@code [workspace/]title}; the archive is a
 * directory the server reads. Every fetch reads the records (the cache in {@link VersionSources}
 * keeps that rare).
 */
final class ArchiveSource implements VersionSource {
  private final String reference;
  private final String workspace;
  private final Title title;
  private final Path archive;

  /**
   * @throws IllegalArgumentException when the reference is not {@code [workspace/]title}
   */
  ArchiveSource(String reference, Path archive) {
    Requirement r = requireReference(reference);
    this.reference = reference;
    this.workspace = r.workspace();
    this.title = r.title();
    this.archive = archive;
  }

  /**
   * Checks an archive source's reference: a release title, optionally after its workspace.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  static Requirement requireReference(String reference) {
    try {
      Requirement r = Requirement.parse(reference == null ? "" : reference);
      if (r.expression().isAny()) {
        return r;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "an archive source is a release title, \"[workspace/]title\" (e.g. first-workflow), was \""
            + reference
            + "\"");
  }

  @Override
  public SourceKind kind() {
    return SourceKind.ARCHIVE;
  }

  @Override
  public String reference() {
    return reference;
  }

  @Override
  public String url() {
    return archive.toUri().toString();
  }

  @Override
  public SourceSnapshot fetch(Instant now, Duration timeout) throws SourceException {
    try {
      FileSystemArchive a = FileSystemArchive.open(archive);
      List<ReleaseVersion> versions = a.versions(workspace, title);
      List<SourceRelease> releases = new ArrayList<>();
      List<SourceFlag> flags = new ArrayList<>();
      String newest = null;
      for (int i = versions.size() - 1; i >= 0; i--) {
        ReleaseVersion v = versions.get(i);
        releases.add(0, new SourceRelease(v.toString(), v.isPreRelease()));
        ReleaseRecord record = a.read(new ReleaseId(workspace, title, v)).orElse(null);
        if (record != null && record.yank().isPresent()) {
          flags.add(0, new SourceFlag(v.toString(), record.yank().get().reason(), newest));
        } else if (newest == null && !v.isPreRelease()) {
          newest = v.toString();
        }
      }
      return new SourceSnapshot(now, releases, flags);
    } catch (IOException | IllegalArgumentException e) {
      throw new SourceException("archive " + archive + ": " + e.getMessage(), e);
    }
  }
}
