package dev.upkeep.server.projects;

/** A project that is not registered; migas-server's wording. */
public final class UnknownProjectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnknownProjectException(String project) {
    super("Project \"" + project + "\" is not registered.");
  }
}
