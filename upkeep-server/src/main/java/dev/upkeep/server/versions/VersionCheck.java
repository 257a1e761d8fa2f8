package dev.upkeep.server.versions;

import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.VersionRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is there a newer version, is mine flagged" from the project's version registry, as
 * migas' {@code check_project} and {@code add_project} ask it.
 *
 * <p>Latest is the highest registered version by {@link VersionOrder}, pre-releases only when
 * nothing else is registered. Answers are cached per project for {@link #DEFAULT_TTL} and dropped
 * whenever a registry changes. Thread-safe.
 */
public final class VersionCheck {
  /** How long a project's versions are served from memory: 5 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final ProjectRegistry registry;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public VersionCheck(ProjectRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    registry.onVersionsChanged(cache::clear);
  }

  /**
   * Checks a version of a registered project.
   *
   * @throws dev.upkeep.server.projects.UnknownProjectException if it is not registered
   */
  public Result check(String project, String version) {
    long now = clock.millis();
    Cached c = cache.get(project);
    boolean cached = c != null && now - c.loadedAt < DEFAULT_TTL.toMillis();
    if (!cached) {
      c = new Cached(registry.versions(project), now);
      cache.put(project, c);
    }
    String asked = VersionOrder.strip(version);
    Optional<VersionRecord> flaggedRecord =
        c.versions.stream()
            .filter(v -> v.flagged() && VersionOrder.strip(v.version()).equals(asked))
            .findFirst();
    String latest = latest(c.versions).orElse(asked);
    List<String> bad =
        c.versions.stream().filter(VersionRecord::flagged).map(VersionRecord::version).toList();
    String message =
        flaggedRecord
            .map(
                f ->
                    "Version "
                        + asked
                        + " is flagged: "
                        + sentence(f.flagReason())
                        + (latest.equals(asked) ? "" : " Please upgrade to " + latest + "."))
            .orElse("");
    return new Result(latest, flaggedRecord.isPresent(), message, bad, cached);
  }

  private static String sentence(String reason) {
    String r = reason.strip();
    return r.endsWith(".") || r.endsWith("!") || r.endsWith("?") ? r : r + ".";
  }

  static Optional<String> latest(List<VersionRecord> versions) {
    Optional<String> stable =
        versions.stream()
            .map(v -> VersionOrder.strip(v.version()))
            .filter(v -> !VersionOrder.isPreRelease(v))
            .max(VersionOrder.INSTANCE);
    return stable.isPresent()
        ? stable
        : versions.stream().map(v -> VersionOrder.strip(v.version())).max(VersionOrder.INSTANCE);
  }

  /**
   * What a version check says.
   *
   * @param latest newest version (leading {@code v} stripped); the asked version when none is
   *     registered
   * @param flagged whether the asked version is flagged
   * @param message why it is flagged and what to upgrade to, or empty
   * @param badVersions every flagged version of the project
   * @param cached whether the registry was read from the cache
   */
  public record Result(
      String latest, boolean flagged, String message, List<String> badVersions, boolean cached) {}

  private record Cached(List<VersionRecord> versions, long loadedAt) {}
}
