package dev.upkeep.server.versions;

import dev.upkeep.server.versions.order.VersionOrder;
import dev.upkeep.server.versions.sources.SourceView;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every version of a project from all its sources, merged ({@link VersionMerge}), with the sources
 * as they were when read. Immutable.
 *
 * @param scheme how the versions are ordered
 * @param versions every version, lowest first by {@code scheme}
 * @param sources the configured sources in their order (the manual registry not among them)
 */
public record ProjectVersions(
    VersionScheme scheme, List<MergedVersion> versions, List<SourceView> sources) {
  public ProjectVersions {
    versions = List.copyOf(versions);
    sources = List.copyOf(sources);
  }

  /** The version of that name (a leading {@code v} ignored), if any source names it. */
  public Optional<MergedVersion> find(String version) {
    String v = VersionOrder.strip(version);
    return versions.stream().filter(m -> m.version().equals(v)).findFirst();
  }

  /**
   * The newest release that is not flagged (the newest release when every one is), pre-releases
   * only when asked for.
   */
  public Optional<String> latest(boolean preRelease) {
    Predicate<MergedVersion> candidate = m -> m.released() && (preRelease || !m.preRelease());
    Optional<String> good = newest(candidate.and(m -> !m.flagged()));
    return good.isPresent() ? good : newest(candidate);
  }

  /**
   * What users of a version should upgrade to: its flag's replacement if it has one, else the
   * newest release newer than it that is not flagged (pre-releases only when asked for), else none.
   */
  public Optional<String> upgradeTarget(String version, boolean preRelease) {
    String asked = VersionOrder.strip(version);
    Optional<String> replacement =
        find(asked).filter(MergedVersion::flagged).map(MergedVersion::replacement);
    if (replacement.isPresent()) {
      return replacement;
    }
    Comparator<String> order = scheme.order();
    return newest(
        m ->
            m.released()
                && !m.flagged()
                && (preRelease || !m.preRelease())
                && order.compare(m.version(), asked) > 0);
  }

  /** Every flagged version, lowest first. */
  public List<String> badVersions() {
    return versions.stream().filter(MergedVersion::flagged).map(MergedVersion::version).toList();
  }

  private Optional<String> newest(Predicate<MergedVersion> filter) {
    return versions.stream()
        .filter(filter)
        .map(MergedVersion::version)
        .max(scheme.order().thenComparing(Comparator.naturalOrder()));
  }
}
