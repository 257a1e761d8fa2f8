package dev.upkeep.server.versions;

import dev.upkeep.server.changes.StoreCache;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.versions.order.VersionOrder;
import dev.upkeep.server.versions.sources.SourceState;
import dev.upkeep.server.versions.sources.SourceView;
import dev.upkeep.server.versions.sources.VersionSources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Answers "is there a newer version, is mine flagged" as migas' {@code check_project} and {@code
 * add_project} and Upkeep's {@code GET /v1/projects/{owner}/{name}/check} ask it, from every source
 * of the project merged ({@link VersionMerge}): its release sources ({@link VersionSources}, cached
 * with stale-while-revalidate; never waited for but a first-ever fetch, at most 500 ms by default)
 * and its manual registry (read from the store, cached for {@link #DEFAULT_TTL} and dropped on
 * every change: at once on this node, through {@link #forget} on the other collectors of a shared
 * database).
 *
 * <p>{@code latest} is the newest release that is not flagged, by the project's {@link
 * VersionScheme}; pre-releases only when the caller asks. The {@code message} says why a flagged
 * version is flagged and what to upgrade to (the flag's replacement, else the newest release newer
 * than it that is not flagged), and which sources' data may be stale and why ({@link
 * CheckMessage}). Thread-safe.
 */
public final class VersionCheck {
  /** How long a project's manual registry is served from memory: 5 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final ProjectRegistry registry;
  private final VersionSources sources;
  private final StoreCache<Long, List<VersionRecord>> cache;

  public VersionCheck(ProjectRegistry registry, VersionSources sources, Clock clock) {
    this.registry = registry;
    this.sources = sources;
    this.cache = new StoreCache<>(DEFAULT_TTL, clock);
    registry.onVersionsChanged(cache::clear);
  }

  /** Drops the cached registry of a project whose versions changed on another node. */
  public void forget(long projectId) {
    cache.drop(projectId);
  }

  /**
   * Checks a version of a registered project; pre-releases are never {@code latest}.
   *
   * @throws dev.upkeep.server.projects.UnknownProjectException if it is not registered
   */
  public Result check(String project, String version) {
    return check(project, version, false);
  }

  /**
   * Checks a version of a registered project.
   *
   * @param preRelease whether pre-releases may be {@code latest} and upgrade targets
   * @throws dev.upkeep.server.projects.UnknownProjectException if it is not registered
   */
  public Result check(String project, String version, boolean preRelease) {
    boolean[] cached = new boolean[1];
    ProjectVersions all = versions(project, cached);
    String asked = VersionOrder.strip(version);
    Optional<MergedVersion> flagged = all.find(asked).filter(MergedVersion::flagged);
    Optional<String> target =
        flagged.isPresent() ? all.upgradeTarget(asked, preRelease) : Optional.empty();
    String latest = all.latest(preRelease).orElse(asked);
    boolean fromCache =
        cached[0] && all.sources().stream().noneMatch(s -> s.state() == SourceState.NEVER_FETCHED);
    return new Result(
        latest,
        flagged.isPresent(),
        CheckMessage.of(asked, flagged, target, all.sources()),
        all.badVersions(),
        fromCache,
        target.orElse(null),
        all.scheme());
  }

  /**
   * Every version of a registered project from all its sources, with the sources' states.
   *
   * @throws dev.upkeep.server.projects.UnknownProjectException if it is not registered
   */
  public ProjectVersions versions(String project) {
    return versions(project, new boolean[1]);
  }

  private ProjectVersions versions(String project, boolean[] cached) {
    Project p = registry.require(project);
    List<SourceView> views = sources.views(p.id());
    List<VersionRecord> manual = cache.cached(p.id());
    cached[0] = manual != null;
    if (manual == null) {
      manual = cache.load(p.id(), id -> registry.versions(project));
    }
    return VersionMerge.merge(views, manual, VersionMerge.schemeOf(views));
  }

  /**
   * What a version check says.
   *
   * @param latest newest release that is not flagged (leading {@code v} stripped); the asked
   *     version when no source lists a release
   * @param flagged whether the asked version is flagged
   * @param message why it is flagged and what to upgrade to, and which sources may be stale; or
   *     empty
   * @param badVersions every flagged version of the project, lowest first
   * @param cached whether everything came from memory (no source's first fetch was waited for)
   * @param upgradeTo what a flagged version's users should upgrade to, or null
   * @param scheme the project's version scheme
   */
  public record Result(
      String latest,
      boolean flagged,
      String message,
      List<String> badVersions,
      boolean cached,
      String upgradeTo,
      VersionScheme scheme) {}
}
