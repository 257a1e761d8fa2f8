package dev.upkeep.server.projects;

import dev.upkeep.server.changes.StoreCache;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.store.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registered projects and their version registries, with the project lookup that every ingest
 * request makes kept in memory. Projects are never deleted, so a cached registration stays true;
 * unknown names are not cached, so a project registered by another node is found at once. A cached
 * project's row (its badge switch) is dropped when it changes here or, through {@link #forget}, on
 * another node; it is read again at most {@link #TTL} later in any case. Thread-safe.
 */
public final class ProjectRegistry {
  /** A project name: {@code owner/name}, as migas and GitHub write it. */
  public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");

  /** A version a maintainer may register: 1 to 100 characters without whitespace. */
  public static final Pattern VERSION = Pattern.compile("^\\S{1,100}$");

  /** Longest a project is served from memory: 5 minutes. */
  static final Duration TTL = Duration.ofMinutes(5);

  private final ProjectStore store;
  private final StoreCache<String, Project> known;
  private final Visibility defaultVisibility;
  private volatile Runnable onVersionsChanged = () -> {};

  /**
   * A registry whose cache's {@link #TTL} runs on {@code clock}.
   *
   * @param defaultVisibility what a project registered without one starts with (the collector's
   *     {@code default-visibility})
   */
  public ProjectRegistry(ProjectStore store, Clock clock, Visibility defaultVisibility) {
    this.store = store;
    this.known = new StoreCache<>(TTL, clock);
    this.defaultVisibility = defaultVisibility;
  }

  /**
   * Registers a project with the collector's default visibility.
   *
   * @throws IllegalArgumentException if the name is not {@code owner/name}
   * @throws ProjectExistsException if it is already registered
   */
  public Project register(String name) {
    return register(name, defaultVisibility);
  }

  /**
   * Registers a project that starts with {@code visibility}.
   *
   * @throws IllegalArgumentException if the name is not {@code owner/name}
   * @throws ProjectExistsException if it is already registered
   */
  public Project register(String name, Visibility visibility) {
    requireName(name);
    return store.register(name, visibility).orElseThrow(() -> new ProjectExistsException(name));
  }

  /** The registered project of that name, if any. */
  public Optional<Project> find(String name) {
    return Optional.ofNullable(known.get(name, n -> store.find(n).orElse(null)));
  }

  /** Drops the cached row of a project that changed (on this node or another). */
  public void forget(long projectId) {
    known.dropIf(p -> p.id() == projectId);
  }

  /**
   * The registered project of that name.
   *
   * @throws UnknownProjectException if it is not registered
   */
  public Project require(String name) {
    return find(name).orElseThrow(() -> new UnknownProjectException(name));
  }

  /** Every registered project, by name. */
  public List<Project> list() {
    return store.list();
  }

  /**
   * Adds a version to a project's registry.
   *
   * @return false if it was already there
   */
  public boolean addVersion(String project, String version) {
    requireVersion(version);
    boolean added = store.addVersion(require(project).id(), version);
    onVersionsChanged.run();
    return added;
  }

  /** A project's registered versions in registration order. */
  public List<VersionRecord> versions(String project) {
    return store.versions(require(project).id());
  }

  /**
   * Flags a registered version, without a replacement.
   *
   * @throws UnknownVersionException if the version is not registered
   */
  public void flag(String project, String version, String reason) {
    flag(project, version, reason, null);
  }

  /**
   * Flags a registered version with a reason and the version to upgrade to.
   *
   * @param replacement the version its users should upgrade to, or null for the newest release that
   *     is not flagged
   * @throws IllegalArgumentException if the reason is blank or the replacement is not a version
   * @throws UnknownVersionException if the version is not registered
   */
  public void flag(String project, String version, String reason, String replacement) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
    if (replacement != null) {
      requireVersion(replacement);
    }
    if (!store.flag(require(project).id(), version, reason.strip(), replacement)) {
      throw new UnknownVersionException(project, version);
    }
    onVersionsChanged.run();
  }

  /**
   * Lifts a version's flag, including one that a version source gives it.
   *
   * @throws UnknownVersionException if the version is not registered
   */
  public void unflag(String project, String version) {
    if (!store.unflag(require(project).id(), version)) {
      throw new UnknownVersionException(project, version);
    }
    onVersionsChanged.run();
  }

  /** Called after every change to a version registry (the version cache listens). */
  public void onVersionsChanged(Runnable listener) {
    this.onVersionsChanged = listener;
  }

  private static void requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "project must be \"owner/name\" (letters, digits, '.', '_', '-'), was \"" + name + "\"");
    }
  }

  private static void requireVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version must be 1 to 100 characters without spaces, was \"" + version + "\"");
    }
  }
}
