package dev.upkeep.server.store;

import java.util.List;
import java.util.Optional;

/** Registered projects and their known versions. */
public interface ProjectStore {
  /**
   * Registers a project whose counts are public ({@link Visibility#COUNTS_PUBLIC}).
   *
   * @return the new project, or empty if one of that name exists
   */
  default Optional<Project> register(String name) {
    return register(name, Visibility.COUNTS_PUBLIC);
  }

  /**
   * Registers a project with the visibility it starts with, in one statement.
   *
   * @return the new project, or empty if one of that name exists (whose visibility is unchanged)
   */
  Optional<Project> register(String name, Visibility visibility);

  Optional<Project> find(String name);

  /** Every project, by name. */
  List<Project> list();

  /**
   * Turns the public users badge of a project on or off ({@link Project#badgeEnabled()}).
   *
   * @return false if no project has that name
   */
  boolean setBadgeEnabled(String name, boolean enabled);

  /**
   * Sets a project's own retention ({@link Project#retentionDays()}): null for the collector's, 0
   * to keep its events for ever, else days.
   *
   * @return false if no project has that name
   */
  boolean setRetention(String name, Integer days);

  /**
   * Turns the public page of a project on or off ({@link Project#publicPage()}).
   *
   * @return false if no project has that name
   */
  boolean setPublicPage(String name, boolean enabled);

  /**
   * Sets who may read a project's usage counts and releases without a token ({@link
   * Project#visibility()}).
   *
   * @return false if no project has that name
   */
  boolean setVisibility(String name, Visibility visibility);

  /** The project's ingest key, or empty when it has none (its events need no key). */
  Optional<String> ingestKey(long projectId);

  /**
   * Sets a project's ingest key, or removes it when {@code key} is null.
   *
   * @return false if no project has that name
   */
  boolean setIngestKey(String name, String key);

  /**
   * Adds a version to a project's registry.
   *
   * @return false if the version was already registered
   */
  boolean addVersion(long projectId, String version);

  /** Registered versions of a project, in registration order. */
  List<VersionRecord> versions(long projectId);

  /**
   * Flags a registered version as bad, with a reason shown to its users and no replacement.
   *
   * @return false if the version is not registered
   */
  default boolean flag(long projectId, String version, String reason) {
    return flag(projectId, version, reason, null);
  }

  /**
   * Flags a registered version as bad, with a reason shown to its users and the version they should
   * upgrade to; clears a lifted flag ({@link VersionRecord#flagLifted()}).
   *
   * @param replacement the version to upgrade to, or null
   * @return false if the version is not registered
   */
  boolean flag(long projectId, String version, String reason, String replacement);

  /**
   * Lifts a version's flag: clears reason and replacement and marks it lifted, so that a flag from
   * a version source no longer applies either ({@link VersionRecord#flagLifted()}).
   *
   * @return false if the version is not registered
   */
  boolean unflag(long projectId, String version);
}
