package dev.upkeep.archive;

import java.util.Objects;

/**
 * Names one release: its workspace, title and version. Immutable.
 *
 * @param workspace the workspace, {@link Workspace#DEFAULT} unless said otherwise
 * @param title the versionless title
 * @param version the version
 */
public record ReleaseId(String workspace, Title title, ReleaseVersion version) {
  public ReleaseId {
    Workspace.check(workspace);
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(version, "version");
  }

  /** rmellipse's {@code title}: {@code <title>-v<version>}, e.g. {@code first-workflow-v0.1.5}. */
  public String versionedTitle() {
    return title + "-v" + version;
  }

  /** For messages: {@code first-workflow 0.1.5}, and the workspace when it is not the default. */
  @Override
  public String toString() {
    String s = title + " " + version;
    return workspace.equals(Workspace.DEFAULT) ? s : s + " (workspace " + workspace + ")";
  }
}
