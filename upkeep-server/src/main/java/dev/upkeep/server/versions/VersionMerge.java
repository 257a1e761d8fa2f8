package dev.upkeep.server.versions;

import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.versions.order.VersionOrder;
import dev.upkeep.server.versions.sources.SourceKind;
import dev.upkeep.server.versions.sources.SourceView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a project's sources into one list of versions. The rules, in the order of sources
 * (archive, maven, github, then the manual registry):
 *
 * <ul>
 *   <li>The versions are the union of what every source lists (a leading {@code v} stripped), with
 *       the last good snapshot of a failing source.
 *   <li>A version is a pre-release when the project's scheme says so, or when the first source
 *       listing it marks it as one (GitHub's {@code prerelease}).
 *   <li>Flags come from the sources that flag ({@code .migas.json}'s {@code bad_versions}) and from
 *       the manual registry. When several flag a version, the reason shown is the earliest one's;
 *       the replacement is the earliest one given, so a manual replacement completes a source's
 *       flag that has none.
 *   <li>The manual registry decides last: a version it flags is flagged, and a version whose flag
 *       it lifted ({@code upkeep version unflag}) is not flagged, whatever a source says, until it
 *       is flagged again.
 * </ul>
 */
final class VersionMerge {
  private VersionMerge() {}

  static ProjectVersions merge(
      List<SourceView> sources, List<VersionRecord> manual, VersionScheme scheme) {
    Map<String, Builder> all = new LinkedHashMap<>();
    List<SourceView> ordered =
        sources.stream().sorted(Comparator.comparing(SourceView::kind)).toList();
    for (SourceView s : ordered) {
      if (s.snapshot() == null) {
        continue;
      }
      String origin = s.kind().id();
      for (SourceRelease r : s.snapshot().releases()) {
        all.computeIfAbsent(VersionOrder.strip(r.version()), Builder::new)
            .release(origin, r.preRelease());
      }
      for (SourceFlag f : s.snapshot().flags()) {
        all.computeIfAbsent(VersionOrder.strip(f.version()), Builder::new)
            .flag(origin, f.reason(), f.replacement());
      }
    }
    for (VersionRecord r : manual) {
      Builder b = all.computeIfAbsent(VersionOrder.strip(r.version()), Builder::new);
      b.release(MergedVersion.MANUAL, false);
      b.addedAt = r.addedAt();
      if (r.flagged()) {
        b.flag(MergedVersion.MANUAL, r.flagReason(), r.replacement());
      } else if (r.flagLifted()) {
        b.lifted = true;
      }
    }
    List<MergedVersion> out = new ArrayList<>();
    for (Builder b : all.values()) {
      out.add(b.build(scheme));
    }
    out.sort(
        Comparator.comparing(MergedVersion::version, scheme.order())
            .thenComparing(MergedVersion::version));
    return new ProjectVersions(scheme, out, ordered);
  }

  /** The scheme of a project: Maven's with a Maven source, else SemVer's. */
  static VersionScheme schemeOf(List<SourceView> sources) {
    return sources.stream().anyMatch(s -> s.kind() == SourceKind.MAVEN)
        ? VersionScheme.MAVEN
        : VersionScheme.SEMVER;
  }

  /** One version being merged. */
  private static final class Builder {
    final String version;
    final List<String> origins = new ArrayList<>();
    boolean released;
    Boolean markedPreRelease;
    String reason;
    String replacement;
    String flaggedBy;
    boolean lifted;
    Instant addedAt;

    Builder(String version) {
      this.version = version;
    }

    void release(String origin, boolean preRelease) {
      origin(origin);
      released = true;
      if (markedPreRelease == null) {
        markedPreRelease = preRelease;
      }
    }

    void flag(String origin, String why, String instead) {
      origin(origin);
      if (flaggedBy == null) {
        flaggedBy = origin;
        reason = why;
      }
      if (replacement == null && instead != null) {
        replacement = VersionOrder.strip(instead);
      }
    }

    void origin(String origin) {
      if (!origins.contains(origin)) {
        origins.add(origin);
      }
    }

    MergedVersion build(VersionScheme scheme) {
      boolean pre = Boolean.TRUE.equals(markedPreRelease) || scheme.isPreRelease(version);
      boolean flagged = flaggedBy != null && !lifted;
      return new MergedVersion(
          version,
          origins,
          released,
          pre,
          flagged,
          reason,
          replacement,
          flaggedBy,
          lifted,
          addedAt);
    }
  }
}
