package dev.upkeep.server.projects;

/** A version that is not in the project's registry. */
public final class UnknownVersionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnknownVersionException(String project, String version) {
    super(
        "Version "
            + version
            + " of \""
            + project
            + "\" is not registered; add it first with: upkeep version add "
            + project
            + " "
            + version);
  }
}
