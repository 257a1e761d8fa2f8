package dev.upkeep.archive;

/** A release of that version is already in the archive; releases are never overwritten. */
public final class ReleaseExistsException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  public ReleaseExistsException(ReleaseId id, String archive) {
    super(
        "release "
            + id
            + " is already in "
            + archive
            + "; a release is never replaced: publish a new version");
  }
}
