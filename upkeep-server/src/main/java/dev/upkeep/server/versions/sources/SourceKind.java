package dev.upkeep.server.versions.sources;

import java.util.Locale;

/**
 * The kinds of release source, in the order that decides between them: when two sources flag the
 * same version, the reason (and replacement) of the earlier kind is shown. The manual registry
 * ({@code upkeep version add/flag/unflag}) comes after every kind. A project has at most one source
 * of each kind.
 */
public enum SourceKind {
  /**
   * Releases of one title in a file-system release archive ({@code upkeep release push}, or
   * rmellipse's); yanked releases are flagged.
   */
  ARCHIVE("archive"),
  /** {@code maven-metadata.xml} of {@code groupId:artifactId} in a Maven repository. */
  MAVEN("maven"),
  /**
   * GitHub releases and tags of {@code owner/repo}, and {@code bad_versions} of its {@code
   * .migas.json}.
   */
  GITHUB("github");

  private final String id;

  SourceKind(String id) {
    this.id = id;
  }

  /** The kind's name in the API, the CLI and the store. */
  public String id() {
    return id;
  }

  /**
   * The kind of that name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the kinds
   */
  public static SourceKind of(String id) {
    String k = id == null ? "" : id.toLowerCase(Locale.ROOT);
    for (SourceKind kind : values()) {
      if (kind.id.equals(k)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "kind must be one of archive, maven, github, was \"" + id + "\"");
  }
}
