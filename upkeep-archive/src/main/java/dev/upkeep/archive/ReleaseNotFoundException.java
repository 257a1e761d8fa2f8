package dev.upkeep.archive;

/** No release matches what was asked for. */
public final class ReleaseNotFoundException extends ArchiveException {
  private static final long serialVersionUID = 1L;

  public ReleaseNotFoundException(String message) {
    super(message);
  }
}
