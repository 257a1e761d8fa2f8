package dev.upkeep.server.projects;

/** Registering a project that is already registered. */
public final class ProjectExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ProjectExistsException(String project) {
    super("Project \"" + project + "\" is already registered.");
  }
}
