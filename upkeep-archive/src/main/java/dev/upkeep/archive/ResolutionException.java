package dev.upkeep.archive;

/**
 * Requirements that no set of releases satisfies: the message names the release, each constraint on
 * it and who asked for it, and the versions the archive has.
 */
public final class ResolutionException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  public ResolutionException(String message) {
    super(message);
  }
}
